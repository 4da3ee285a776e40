package coach.eco.learners.journeys;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A learner under 16's way in over the signup function's routes: the signup naming a guardian, and both answers. */
final class MinorSignups {
    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> signup;
    private final ConsentPurposeStore purposes;

    MinorSignups(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> signup,
                 ConsentPurposeStore purposes) {
        this.signup = signup;
        this.purposes = purposes;
    }

    /** The signup form of a learner under 16 born in {@code birthYear}, naming {@code guardian}. */
    static Map<String, Object> minorsForm(TestLearners.Learner child, int birthYear, String guardian) {
        Map<String, Object> form = child.signupFields(true);
        form.put("sixteenOrOver", false);
        form.put("birthYear", birthYear);
        form.put("guardianEmail", guardian);
        return form;
    }

    /** An answer to every purpose the centre asks about: yes to news only if {@code news}, no to the others. */
    Map<String, Boolean> everyPurposeAnswered(boolean news) {
        Map<String, Boolean> answers = new LinkedHashMap<>();
        purposes.all().forEach(purpose -> answers.put(purpose.purposeId(), false));
        answers.put(ConsentPurpose.NEWS_AND_OFFERS, news);
        return answers;
    }

    /** The news and offers entry of a profile's {@code consents}: its answer in force and every answer given. */
    static Object newsAnswers(String profile) {
        return Json.read(profile, Map.class).get("consents") instanceof List<?> consents
                ? consents.stream().filter(entry -> ((Map<?, ?>) entry).get("purposeId")
                        .equals(ConsentPurpose.NEWS_AND_OFFERS)).findFirst().orElseThrow()
                : null;
    }

    APIGatewayV2HTTPResponse signUp(Map<String, Object> form) {
        return signup.handleRequest(ApiEvents.request("POST", "/v1/profiles",
                Map.of("content-type", "application/json", "accept-language", "en"), Json.of(form)), null);
    }

    APIGatewayV2HTTPResponse confirm(String token) {
        return signup.handleRequest(ApiEvents.post("/v1/profiles/verification", "application/json",
                Json.of(Map.of("token", token))), null);
    }

    APIGatewayV2HTTPResponse consentAsGuardian(String token, String policyVersion, Map<String, Boolean> answers) {
        return signup.handleRequest(ApiEvents.request("POST", "/v1/profiles/guardian-consent",
                Map.of("content-type", "application/json", "accept-language", "en"),
                Json.of(Map.of("token", token, "policyVersion", policyVersion, "consents", answers))), null);
    }
}
