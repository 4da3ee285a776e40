package coach.eco.learners.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.time.Duration;

/**
 * Everything a function needs to know about where it runs, from the environment
 * ({@code LEARNER_PROFILES_TABLE} binds to {@code profilesTable}, and so on). Checked when the
 * function initialises: a missing table name or key fails the init, not a learner's request.
 */
@ConfigurationProperties("learner")
public interface LearnerConfiguration {

    @NotBlank
    String getProfilesTable();

    @NotBlank
    String getLookupTable();

    /** The KMS key that wraps the data keys of every encrypted profile attribute. */
    @NotBlank
    @Pattern(regexp = "arn:aws[a-z-]*:kms:.+", message = "must be a KMS key ARN")
    String getProfileKeyArn();

    /** The KMS HMAC key that turns a normalised email into its lookup key. */
    @NotBlank
    @Pattern(regexp = "arn:aws[a-z-]*:kms:.+", message = "must be a KMS key ARN")
    String getEmailIndexKeyArn();

    @NotBlank
    String getSenderAddress();

    /** The website's origin; email links open its pages, which post the token back to this API. */
    @NotNull
    URI getWebsiteOrigin();

    /** The privacy policy version in force, recorded with every consent. */
    @NotBlank
    String getPolicyVersion();

    @NotNull
    @Bindable(defaultValue = "PT24H")
    Duration getVerificationLinkTtl();
}
