package coach.eco.learners.signup;

import coach.eco.learners.http.HttpFunction;
import coach.eco.learners.token.TokenForm;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;

/**
 * Lambda handler: signup ({@code POST /v1/profiles}), email verification and, for a learner under 16, the
 * guardian's consent.
 */
public class SignupFunction extends HttpFunction {
    @Serdeable
    record Confirmed(String status) {
    }

    @Inject
    SignupService signup;

    @Inject
    SignupConfirmations confirmations;

    public SignupFunction() {
    }

    public SignupFunction(ApplicationContext context) {
        super(context);
    }

    /** A complete signup refused for its email alone: bound and validated, nothing stored or sent. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(sampleRequest("POST /v1/profiles", JSON, """
                {"fullName": "Nguyễn Văn Mẫu", "phone": "091 234 5678", "email": "not-an-email", "marketingConsent": true}"""));
    }

    /** A retried signup sends no second mail; a retried verification gets its first answer, not a used link. */
    @Override
    protected Set<String> idempotentRoutes() {
        return Set.of("POST /v1/profiles",
                "POST /v1/profiles/verification",
                "POST /v1/profiles/guardian-consent");
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        return switch (routeKey) {
            case "POST /v1/profiles" -> {
                signup.signup(http.bind(event, SignupForm.class).validated());
                // The same answer for every accepted signup, whether or not the email was known.
                yield http.accepted("signup", event);
            }
            case "POST /v1/profiles/verification" -> {
                SignupConfirmations.Confirmation confirmation = confirmations.verify(http.bind(event, TokenForm.class).token());
                // The answer the route gave before minors signed up, for a profile that is now active.
                yield http.json(200, new Confirmed(confirmation == SignupConfirmations.Confirmation.ACTIVE
                        ? "verified" : confirmation.wireName()));
            }
            case "POST /v1/profiles/guardian-consent" -> {
                SignupConfirmations.Confirmation confirmation =
                        confirmations.consentAsGuardian(http.bind(event, GuardianConsentForm.class));
                yield http.json(200, new Confirmed(confirmation.wireName()));
            }
            default -> notFound();
        };
    }
}
