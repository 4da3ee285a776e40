package coach.eco.learners.deletion;

import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
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

    private static DeletionRequestFunction deletion;
    private static LearnerSetUp learners;

    @BeforeAll
    static void start() {
        ApplicationContext context = LocalAwsExtension.contextOf("DeletionRequestFunction", CLOCK);
        deletion = new DeletionRequestFunction(context);
        learners = new LearnerSetUp(context);
    }

    @AfterAll
    static void stop() {
        deletion.close();
    }

    @Test
    void publicFormAndItsLink_retriedWithTheirKeys_mailOnce_andConfirmOnce() {
        TestLearners.Learner learner = TestLearners.next();
        learners.signedUpAndSignedIn(learner);
        int mails = Outbox.mailTo(learner.email()).size();
        String form = Json.of(Map.of("email", learner.email(), "kind", "deactivate"));
        String formKey = UUID.randomUUID().toString();

        assertThat(keyed("/v1/deletion-requests", formKey, form).getStatusCode()).isEqualTo(202);
        assertThat(keyed("/v1/deletion-requests", formKey, form).getHeaders()).containsEntry("idempotent-replayed", "true");
        assertThat(Outbox.mailTo(learner.email())).as("one confirmation link").hasSize(mails + 1);

        String link = Json.of(Map.of("token", LearnerSetUp.latestTokenTo(learner.email())));
        String linkKey = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse confirmed = keyed("/v1/deletion-requests/confirmation", linkKey, link);
        APIGatewayV2HTTPResponse retried = keyed("/v1/deletion-requests/confirmation", linkKey, link);

        assertThat(confirmed.getStatusCode()).as(confirmed.getBody()).isEqualTo(201);
        assertThat(retried.getStatusCode()).as("the first answer, not a used link's 400").isEqualTo(201);
        assertThat(retried.getBody()).isEqualTo(confirmed.getBody());
        assertThat(Outbox.mailTo(learner.email())).as("and one acknowledgement").hasSize(mails + 2);
    }

    private static APIGatewayV2HTTPResponse keyed(String path, String key, String body) {
        return deletion.handleRequest(ApiEvents.keyedPost(path, key, body), null);
    }
}
