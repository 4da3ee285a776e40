package coach.eco.learners.journeys;

import coach.eco.learners.deletion.DeletionRequestFunction;
import coach.eco.learners.signup.SignupFunction;
import coach.eco.learners.testing.AwsFaults;
import coach.eco.learners.testing.DeletionSteps;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.account.MailOutboxFunction;
import coach.eco.learners.account.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static coach.eco.learners.testing.LearnerJourney.latestTokenTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deletion request whose acknowledgement SES refused: the deletion-request function commits it,
 * and the mail outbox's scheduled run (a function of the update module) sends it once, or not at
 * all once the request is cancelled.
 */
@ExtendWith(LocalAwsExtension.class)
class DeletionAcknowledgementIT {
    private static final MutableClock CLOCK = new MutableClock();

    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();

    private static LearnerJourney journey;
    private static DeletionSteps steps;

    @BeforeAll
    static void start() {
        journey = new LearnerJourney(FUNCTIONS.start(SignupFunction::new, "SignupFunction", CLOCK),
                FUNCTIONS.start(UpdateFunction::new, "UpdateFunction", CLOCK));
        steps = new DeletionSteps(FUNCTIONS.start(DeletionRequestFunction::new, "DeletionRequestFunction", CLOCK));
    }

    @AfterAll
    static void stop() throws Exception {
        FUNCTIONS.close();
    }

    @AfterEach
    void backToNow() {
        CLOCK.reset();
    }

    @Test
    void signedInDelete_whenSesRefusesTheAcknowledgement_standsAndTheOutboxSendsItOnce_withAWorkingCancelLink() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        int mailsBefore = Outbox.mailTo(learner.email()).size();

        APIGatewayV2HTTPResponse requested = AwsFaults.throttling("Ses", "SendRawEmail",
                () -> steps.requestSignedIn(session, "delete"));

        assertThat(requested.getStatusCode()).as("the request is in force; its mail waits").isEqualTo(201);
        assertThat(Outbox.mailTo(learner.email())).hasSize(mailsBefore);
        CLOCK.advance(Duration.ofMinutes(3));
        assertThat(outboxRun()).isEqualTo(1);
        assertThat(outboxRun()).as("sent once").isZero();
        List<Outbox.Mail> mails = Outbox.mailTo(learner.email());
        assertThat(mails).hasSize(mailsBefore + 1);
        assertThat(mails.get(mails.size() - 1).subject()).contains("will be deleted");
        assertThat(steps.cancelByLink(latestTokenTo(learner.email())).getStatusCode()).isEqualTo(200);
    }

    @Test
    void deletionCancelledBeforeItsAcknowledgementWentOut_sendsNoAcknowledgement() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        AwsFaults.throttling("Ses", "SendRawEmail", () -> steps.requestSignedIn(session, "delete"));
        assertThat(steps.cancelSignedIn(journey.signIn(learner.email())).getStatusCode()).isEqualTo(200);
        int mailsBefore = Outbox.mailTo(learner.email()).size();

        CLOCK.advance(Duration.ofMinutes(3));
        outboxRun();

        assertThat(Outbox.mailTo(learner.email())).as("nothing about a request no longer in force").hasSize(mailsBefore);
    }

    /** One scheduled run of the mail outbox, as EventBridge Scheduler invokes it. */
    private static int outboxRun() {
        try (MailOutboxFunction outbox = new MailOutboxFunction(LocalAwsExtension.contextOf("MailOutboxFunction", CLOCK))) {
            return outbox.handleRequest(Map.of("trigger", "schedule"), null);
        }
    }
}
