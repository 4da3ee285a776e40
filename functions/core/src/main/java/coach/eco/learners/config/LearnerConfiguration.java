package coach.eco.learners.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.net.URI;
import java.time.Duration;
import java.time.Period;

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

    /** Where the answers to requests sent with an Idempotency-Key are kept for their retries. */
    @NotBlank
    String getIdempotencyTable();

    /** How long a retry with the same Idempotency-Key gets the first answer (a new request after that). */
    @NotNull
    @Bindable(defaultValue = "PT24H")
    Duration getIdempotencyKeyTtl();

    /** The key store of the Hierarchical keyring: the table holding every version of the branch key. */
    @NotBlank
    String getKeyStoreTable();

    /** The key store's name bound into its branch keys; the same whatever the table is called. */
    @NotBlank
    String getKeyStoreLogicalName();

    /** The KMS key that wraps the branch keys in the key store. */
    @NotBlank
    @Pattern(regexp = "arn:aws[a-z-]*:kms:.+", message = "must be a KMS key ARN")
    String getKeyStoreKeyArn();

    /** The branch key from which every profile item's data key is derived. */
    @NotBlank
    String getBranchKeyId();

    /**
     * How long a function keeps a branch key it fetched before asking KMS again: the longest that a
     * revoked KMS permission, a disabled key or a rotation takes to reach a warm function. Five minutes
     * costs a warm function at most two kms:Decrypt calls per five minutes, whatever its traffic.
     */
    @NotNull
    @Bindable(defaultValue = "PT5M")
    Duration getBranchKeyCacheTtl();

    /** The KMS HMAC key that turns a normalised email into its lookup key. */
    @NotBlank
    @Pattern(regexp = "arn:aws[a-z-]*:kms:.+", message = "must be a KMS key ARN")
    String getEmailIndexKeyArn();

    /**
     * The KMS HMAC key of the MACs that sessions and sign-in links carry over what they grant: only the
     * function that issues them may generate one, the functions that read them may only verify.
     */
    @NotBlank
    @Pattern(regexp = "arn:aws[a-z-]*:kms:.+", message = "must be a KMS key ARN")
    String getLookupMacKeyArn();

    @NotBlank
    String getSenderAddress();

    /** The SES configuration set every mail is sent under: its bounces and complaints come back as events. */
    @NotBlank
    String getMailConfigurationSet();

    /** The website's origin; email links open its pages, which post the token back to this API. */
    @NotNull
    URI getWebsiteOrigin();

    /** Where the public reaches this API (its custom domain): the newsletter's unsubscribe URLs point here. */
    @NotNull
    @Bindable(defaultValue = "https://api.eco-coach.example")
    URI getPublicApiOrigin();

    @NotNull
    @Bindable(defaultValue = "PT24H")
    Duration getVerificationLinkTtl();

    /** Published policy versions, their delivery and answer counts. */
    @NotBlank
    String getPolicyTable();

    /**
     * Comma-separated role ARNs whose sessions may use the staff routes; empty (or absent): none may.
     */
    @Nullable
    String getStaffRoleArns();

    /**
     * Comma-separated role ARNs, among the staff roles, whose sessions may publish policy versions, announce
     * them again and mint newsletter unsubscribe links; empty (or absent): none may.
     */
    @Nullable
    String getPublisherRoleArns();

    /**
     * With the edge on: the value of the header CloudFront adds to every request it passes on. A
     * request not signed with SigV4 that carries neither it nor {@link #getEdgeOriginPreviousSecret()}
     * did not come through the edge and is refused. Empty (or absent): the edge is off and no request
     * needs it.
     */
    @Nullable
    String getEdgeOriginSecret();

    /** While the edge's secret is being changed, the value CloudFront may still send; empty otherwise. */
    @Nullable
    String getEdgeOriginPreviousSecret();

    /** Every origin of the website, comma-separated (the first is {@link #getWebsiteOrigin()}). */
    @Nullable
    String getWebsiteOrigins();

    /** Profile lookups by email one staff role may make per clock hour. */
    @Min(1)
    @Bindable(defaultValue = "30")
    int getStaffLookupsPerHour();

    /** PII-free records of every change to a profile. */
    @NotBlank
    String getAuditTable();

    /**
     * The privacy desk's register: requests, disclosures and breaches, their personal parts encrypted
     * like a profile (every function's encrypting client knows the table, since a learner's own copy lists
     * the disclosures they may be told of).
     */
    @NotBlank
    String getPrivacyDeskTable();

    @NotNull
    @Bindable(defaultValue = "PT15M")
    Duration getSignInLinkTtl();

    /**
     * At most this many links of one kind (sign-in, deletion confirmation) per email per hour;
     * further requests are dropped silently.
     */
    @Min(1)
    @Bindable(defaultValue = "5")
    int getEmailLinksPerHour();

    /**
     * Each kind of mail to addresses that requesters typed has a shared hourly budget, all addresses
     * together, counting only mail about to be sent: past it nothing more of that kind is sent that
     * hour, so that a flood cannot make SES throttle or pause the account, and one kind spent stops
     * no other. This one: signups and email changes (mail to an address nobody has proven yet).
     */
    @Min(1)
    @Bindable(defaultValue = "1000")
    int getSignupEmailsPerHour();

    /** The shared hourly budget of sign-in links (see {@link #getSignupEmailsPerHour()}). */
    @Min(1)
    @Bindable(defaultValue = "1500")
    int getSignInEmailsPerHour();

    /** The shared hourly budget of the deletion form's confirmation links (see {@link #getSignupEmailsPerHour()}). */
    @Min(1)
    @Bindable(defaultValue = "500")
    int getDeletionEmailsPerHour();

    /**
     * Public routes that answer the same for known and unknown emails (signup, sign-in links,
     * deletion requests)
     * answer no sooner than this, so that their timing does not tell the two apart either.
     */
    @NotNull
    @Bindable(defaultValue = "PT0.3S")
    Duration getPublicResponseFloor();

    /** A session unused this long ends (the policy's automatic logout). */
    @NotNull
    @Bindable(defaultValue = "PT30M")
    Duration getSessionIdleTimeout();

    /** A session ends this long after sign-in, however busy. */
    @NotNull
    @Bindable(defaultValue = "PT12H")
    Duration getSessionAbsoluteTimeout();

    /** How long after signing in a learner may change the email: an older session signs in again first. */
    @NotNull
    @Bindable(defaultValue = "PT10M")
    Duration getEmailChangeSignInWindow();

    /** How long a link confirming a new email address lives. */
    @NotNull
    @Bindable(defaultValue = "PT24H")
    Duration getEmailChangeLinkTtl();

    /**
     * How long the old address of a confirmed email change can undo it (its link lives this long), and
     * how long the old address is kept, encrypted, for that.
     */
    @NotNull
    @Bindable(defaultValue = "P7D")
    Duration getEmailChangeUndoWindow();

    /** How long the link confirming a deletion request made without signing in lives. */
    @NotNull
    @Bindable(defaultValue = "PT24H")
    Duration getDeletionConfirmationLinkTtl();

    /**
     * From a confirmed deletion request to its erasure due date; the learner may cancel until then.
     * The default leaves the hourly purge two hours to erase the profile within the 72 hours this
     * system promises (stricter than Law 91/2025/QH15 and Decree 356/2025/ND-CP ask): 70 h of grace,
     * at most 1 h until the next run, 1 h spare.
     */
    @NotNull
    @Bindable(defaultValue = "PT70H")
    Duration getDeletionGracePeriod();

    /**
     * A purge run stops erasing after this long and leaves the rest to the next run; below the
     * function's 15-minute timeout, so a run always ends on its own terms.
     */
    @NotNull
    @Bindable(defaultValue = "PT12M")
    Duration getPurgeTimeLimit();

    /**
     * A confirmed profile with no activity (sign-in, edit, email confirmation, consent answer) for
     * this long is erased: the policy keeps data "until the account stops being active".
     */
    @NotNull
    @Bindable(defaultValue = "P24M")
    Period getInactivityPeriod();

    /** How long before an inactivity erasure the learner is warned by email; the warning gives the date. */
    @NotNull
    @Bindable(defaultValue = "P30D")
    Duration getInactivityWarningLead();

    /**
     * An item that fails this many runs in a row is parked: reported and alarmed on, and no longer
     * tried, so that it never holds up the items behind it.
     */
    @Min(1)
    @Bindable(defaultValue = "3")
    int getRetentionMaxAttempts();

    /** An erasure still not done this long after it fell due is overdue (the 72-hour promise). */
    @NotNull
    @Bindable(defaultValue = "PT2H")
    Duration getErasureOverdueAfter();

    /**
     * One attempt of an AWS call gives up after this long (the whole call, retries included, after
     * twice this), so that a stuck connection fails a request instead of hanging it.
     */
    @NotNull
    @Bindable(defaultValue = "PT2S")
    Duration getAwsCallTimeout();

    /**
     * An HTTP request starts no AWS call that could end (retries included) later than this after
     * it began: with the calls' own timeouts, the slowest request ends well inside the function's
     * 15-second timeout, with a 503 before its commit or its answer after it (TemplateIT checks).
     */
    @NotNull
    @Bindable(defaultValue = "PT10S")
    Duration getRequestBudget();
}
