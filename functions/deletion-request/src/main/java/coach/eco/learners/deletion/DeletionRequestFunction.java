package coach.eco.learners.deletion;

import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.http.HttpFunction;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.DeletionRequestView;
import coach.eco.learners.profile.EmailForm;
import coach.eco.learners.profile.HoldNote;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.token.TokenForm;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lambda handler: a learner's request to deactivate or delete (signed in, or by the public form and
 * an emailed link), and its cancellation. Legal holds are the staff function's.
 */
public class DeletionRequestFunction extends HttpFunction {
    @Serdeable
    record Status(String status) {
    }

    @Serdeable
    record KindForm(@NotNull String kind) implements FieldChecks {
        @Override
        public List<FieldError> fieldErrors() {
            return kind == null || DeletionKind.isKind(kind) ? List.of() : List.of(DeletionKind.errorOf("kind"));
        }
    }

    @Serdeable
    record PublicForm(@NotNull String email, @NotNull String kind) implements FieldChecks {
        @Override
        public List<FieldError> fieldErrors() {
            List<FieldError> errors = new ArrayList<>(new EmailForm(email).fieldErrors());
            errors.addAll(new KindForm(kind).fieldErrors());
            return errors;
        }
    }

    @Inject
    DeletionInForce inForce;

    @Inject
    DeletionByEmail byEmail;

    @Inject
    DeletionCancellation cancellation;

    @Inject
    ConsentPurposeStore purposes;

    public DeletionRequestFunction() {
    }

    public DeletionRequestFunction(ApplicationContext context) {
        super(context);
    }

    /** A deletion request refused for its email: bound and validated, nothing stored or sent. */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(sampleRequest("POST /v1/deletion-requests", JSON, """
                {"email": "not-an-email", "kind": "delete"}"""));
    }

    /** Routes a browser or the website may retry: the public form (mail) and the links' pages. The signed-in request answers the profile, which is not stored; it answers 200 with the request in force on a retry. */
    @Override
    protected Set<String> idempotentRoutes() {
        return Set.of("POST /v1/deletion-requests",
                "POST /v1/deletion-requests/confirmation",
                "POST /v1/deletion-requests/cancellation");
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        return switch (routeKey) {
            case "POST /v1/deletion-requests" -> {
                PublicForm form = http.bind(event, PublicForm.class);
                DeletionKind kind = DeletionKind.parseField("kind", form.kind());
                byEmail.request(EmailAddress.parseField("email", form.email()), kind);
                // The same answer for every public request, whether or not the email is known.
                yield http.accepted("deletion-request", event);
            }
            case "POST /v1/deletion-requests/confirmation" -> {
                var outcome = byEmail.confirm(http.bind(event, TokenForm.class).token());
                yield http.json(outcome.created() ? 201 : 200, DeletionRequestView.of(outcome.profile()));
            }
            case "POST /v1/deletion-requests/cancellation" -> {
                cancellation.cancelByLink(http.bind(event, TokenForm.class).token());
                yield http.json(200, new Status("cancelled"));
            }
            case "POST /v1/profiles/me/deletion-request" -> {
                String profileId = signedIn(event).profileId();
                DeletionKind kind = DeletionKind.parseField("kind", http.bind(event, KindForm.class).kind());
                // Read before the change, so that a failed read cannot turn a committed change into an error.
                var known = purposes.all();
                var outcome = inForce.request(profileId, kind);
                yield http.json(outcome.created() ? 201 : 200, ProfileView.of(outcome.profile(), known));
            }
            case "DELETE /v1/profiles/me/deletion-request" -> {
                String profileId = signedIn(event).profileId();
                var known = purposes.all();
                yield http.json(200, ProfileView.of(cancellation.cancel(profileId), known));
            }
            default -> notFound();
        };
    }
}
