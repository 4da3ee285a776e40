package coach.eco.learners.deletion;

import coach.eco.learners.testing.Json;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.update.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The public deletion form and its confirmation link, retried with an Idempotency-Key. */
@ExtendWith(LocalAwsExtension.class)
class DeletionIdempotencyKeyIT {
    private static final MutableClock CLOCK = new MutableClock();

    private static SignupFunction signup;
    private static UpdateFunction update;
    private static DeletionRequestFunction deletion;

    @BeforeAll
    static void start() {
        signup = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction", CLOCK));
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction", CLOCK));
        deletion = new DeletionRequestFunction(LocalAwsExtension.contextOf("DeletionRequestFunction", CLOCK));
    }

    @AfterAll
    static void stop() {
        signup.close();
        update.close();
        deletion.close();
    }

    @Test
    void publicFormAndItsLink_retriedWithTheirKeys_mailOnce_andConfirmOnce() {
        TestLearners.Learner learner = TestLearners.next();
        new LearnerJourney(signup, update).signedUpAndSignedIn(learner);
        int mails = Outbox.mailTo(learner.email()).size();
        String form = Json.of(Map.of("email", learner.email(), "kind", "deactivate"));
        String formKey = UUID.randomUUID().toString();

        assertThat(keyed("/v1/deletion-requests", formKey, form).getStatusCode()).isEqualTo(202);
        assertThat(keyed("/v1/deletion-requests", formKey, form).getHeaders()).containsEntry("idempotent-replayed", "true");
        assertThat(Outbox.mailTo(learner.email())).as("one confirmation link").hasSize(mails + 1);

        String link = Json.of(Map.of("token", LearnerJourney.latestTokenTo(learner.email())));
        String linkKey = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse confirmed = keyed("/v1/deletion-requests/confirmation", linkKey, link);
        APIGatewayV2HTTPResponse retried = keyed("/v1/deletion-requests/confirmation", linkKey, link);

        assertThat(confirmed.getStatusCode()).as(confirmed.getBody()).isEqualTo(201);
        assertThat(retried.getStatusCode()).as("the first answer, not a used link's 400").isEqualTo(201);
        assertThat(retried.getBody()).isEqualTo(confirmed.getBody());
        assertThat(Outbox.mailTo(learner.email())).as("and one acknowledgement").hasSize(mails + 2);
    }

    private static APIGatewayV2HTTPResponse keyed(String path, String key, String body) {
        return deletion.handleRequest(ApiEvents.request("POST", path,
                Map.of("content-type", "application/json", "idempotency-key", key), body), null);
    }
}
