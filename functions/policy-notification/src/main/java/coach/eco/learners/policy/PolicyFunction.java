package coach.eco.learners.policy;

import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.http.HttpFunction;
import coach.eco.learners.mailing.OneClickUnsubscribe;
import coach.eco.learners.profile.ProfileView;
import coach.eco.learners.token.TokenForm;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.Map;

/**
 * Lambda handler: the public part of policy versions (staff publish them through the staff
 * function), the learners' answers to them (the email's links, or signed in), the newsletter's
 * one-click unsubscribe, and the list of consent purposes the website's forms ask about.
 */
public class PolicyFunction extends HttpFunction {
    @Serdeable
    record AnswerForm(@NotNull Boolean accepted) {
    }

    @Inject
    PolicyPublishing publishing;

    @Inject
    OneClickUnsubscribe unsubscribe;

    @Inject
    PolicyAnswers answers;

    @Inject
    ConsentPurposeStore purposes;

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
            case "GET /v1/policy-versions/current" -> http.json(200, publishing.current());
            case "GET /v1/policy-versions/{versionId}" -> http.json(200, publishing.publicPart(versionIdIn(event)));
            case "GET /v1/consent-purposes" -> http.json(200, Map.of("purposes", purposes.all()));
            case "POST /v1/policy-answers/acceptance" ->
                    http.json(200, answers.answerByLink(http.bind(event, TokenForm.class).token(), true));
            case "POST /v1/policy-answers/refusal" ->
                    http.json(200, answers.answerByLink(http.bind(event, TokenForm.class).token(), false));
            case "PUT /v1/profiles/me/policy-answers/{versionId}" -> {
                var signedIn = signedIn(event);
                boolean accepted = http.bind(event, AnswerForm.class).accepted();
                var known = purposes.all();
                yield http.json(200, ProfileView.of(answers.answerSignedIn(signedIn.profileId(), versionIdIn(event),
                        accepted, signedIn.actor()), known));
            }
            case "POST /v1/unsubscribe/{token}", "POST /v1/newsletter-unsubscribe/{token}" -> {
                // RFC 8058: the body is "List-Unsubscribe=One-Click"; the URL alone says who, and from what.
                unsubscribe.unsubscribe(pathParameter(event, "token"));
                yield http.json(200, Map.of("status", "unsubscribed"));
            }
            default -> notFound();
        };
    }

    private static String versionIdIn(APIGatewayV2HTTPEvent event) {
        return PolicyPublishing.versionIdIn(pathParameter(event, "versionId"));
    }
}
