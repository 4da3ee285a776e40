package coach.eco.learners.policy;

import coach.eco.learners.http.HttpExchange;
import coach.eco.learners.http.HttpFunction;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.newsletter.NewsletterUnsubscribe;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.session.SignInService;
import coach.eco.learners.token.TokenForm;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Lambda handler: policy versions (published by staff through IAM-signed requests, read by
 * anyone), the learners' answers to them (the email's links, or signed in), and the newsletter's
 * one-click unsubscribe.
 */
public class PolicyFunction extends HttpFunction {
    private static final Pattern VERSION_ID = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.-]{0,39}");

    @Serdeable
    record AnswerForm(@NotNull(message = "is required") Boolean accepted) {
    }

    @Serdeable
    record ProfileIds(@NotNull(message = "is required") @Size(min = 1, max = 100, message = "must list 1 to 100 ids")
                      List<String> profileIds) {
        private static final Pattern PROFILE_ID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

        /** The ids, each of a profile id's shape: anything else is refused, never looked up. */
        List<String> checked() {
            if (profileIds.stream().anyMatch(id -> id == null || !PROFILE_ID.matcher(id).matches())) {
                throw Refused.invalidField("profileIds", "must list profile ids (UUIDs)");
            }
            return profileIds;
        }
    }

    @Inject
    PolicyPublishing publishing;

    @Inject
    NewsletterUnsubscribe newsletter;

    @Inject
    PolicyAnswers answers;

    @Inject
    SignInService signIn;

    public PolicyFunction() {
    }

    public PolicyFunction(ApplicationContext context) {
        super(context);
    }

    /** The policy in force, read (a read changes nothing). */
    @Override
    protected List<APIGatewayV2HTTPEvent> primingRequests() {
        return List.of(sampleRequest("GET /v1/policy-versions/current", Map.of(), null));
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        return switch (routeKey) {
            case "POST /v1/admin/policy-versions" ->
                    http.json(201, publishing.publish(http.bind(event, PolicyDraft.class), staff(event).roleArn()));
            case "GET /v1/admin/policy-versions/{versionId}" -> {
                staff(event);
                yield http.json(200, publishing.forStaff(versionIdIn(event)));
            }
            case "POST /v1/admin/policy-versions/{versionId}/notification" -> {
                staff(event);
                yield http.json(202, publishing.announceAgain(versionIdIn(event)));
            }
            case "GET /v1/policy-versions/current" -> http.json(200, publishing.current());
            case "GET /v1/policy-versions/{versionId}" -> http.json(200, publishing.publicPart(versionIdIn(event)));
            case "POST /v1/policy-answers/acceptance" ->
                    http.json(200, ProfileView.of(answers.answerByLink(http.bind(event, TokenForm.class).token(), true)));
            case "POST /v1/policy-answers/refusal" ->
                    http.json(200, ProfileView.of(answers.answerByLink(http.bind(event, TokenForm.class).token(), false)));
            case "PUT /v1/profiles/me/policy-answers/{versionId}" -> {
                String profileId = signIn.authenticate(HttpExchange.header(event, "authorization")).profileId();
                boolean accepted = http.bind(event, AnswerForm.class).accepted();
                yield http.json(200, ProfileView.of(answers.answerSignedIn(profileId, versionIdIn(event), accepted)));
            }
            case "POST /v1/admin/newsletter-unsubscribe-links" -> {
                staff(event);
                yield http.json(200, Map.of("links",
                        newsletter.headersFor(http.bind(event, ProfileIds.class).checked())));
            }
            case "POST /v1/newsletter-unsubscribe/{token}" -> {
                // RFC 8058: the body is "List-Unsubscribe=One-Click"; the URL alone says who.
                newsletter.unsubscribe(pathParameter(event, "token"));
                yield http.json(200, Map.of("status", "unsubscribed"));
            }
            default -> notFound();
        };
    }

    private static String versionIdIn(APIGatewayV2HTTPEvent event) {
        String id = pathParameter(event, "versionId");
        if (!VERSION_ID.matcher(id).matches()) {
            throw Refusal.NO_SUCH_POLICY_VERSION.refused();
        }
        return id;
    }
}
