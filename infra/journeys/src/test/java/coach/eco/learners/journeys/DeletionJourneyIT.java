package coach.eco.learners.journeys;

import coach.eco.learners.purge.ErasureService;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.DeletionSteps;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.account.UpdateFunction;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static coach.eco.learners.testing.LearnerJourney.field;
import static coach.eco.learners.testing.LearnerJourney.latestTokenTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deletion request seen from the update function's routes: the learner is signed out and may no
 * longer edit; an address changed there before the request is erased with the profile.
 */
@ExtendWith(LocalAwsExtension.class)
class DeletionJourneyIT {
    private static final MutableClock CLOCK = new MutableClock();
    /** The template's default grace period, and a moment past it. */
    private static final Duration GRACE = Duration.ofHours(70);
    private static final Duration PAST_GRACE = GRACE.plusMinutes(1);

    private static LearnerFunctions functions;
    private static UpdateFunction update;
    private static ErasureService erasure;
    private static LearnerJourney journey;
    private static DeletionSteps steps;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        functions = new LearnerFunctions(Map.of(), CLOCK);
        update = functions.update;
        // The purge runs this service when the grace period is over; the tests call it as the purge does.
        erasure = functions.deletion.getApplicationContext().getBean(ErasureService.class);
        journey = functions.journey;
        steps = new DeletionSteps(functions.deletion);
        plainDynamoDb = functions.plainDynamoDb;
    }

    @AfterAll
    static void stop() {
        functions.close();
    }

    @Test
    void signedInDelete_takesEffectAtOnce_withItsDueDate_andOneAcknowledgement() {
        TestLearners.Learner learner = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        int mailsBefore = Outbox.mailTo(learner.email()).size();

        APIGatewayV2HTTPResponse requested = steps.requestSignedIn(session, "delete");

        assertThat(requested.getStatusCode()).isEqualTo(201);
        assertThat(requested.getBody()).contains("\"status\":\"DEACTIVATED\"", "\"kind\":\"delete\"",
                "\"onLegalHold\":false");
        Instant requestedAt = Instant.parse(field(requested.getBody(), "requestedAt"));
        assertThat(Instant.parse(field(requested.getBody(), "erasureDueAt"))).isEqualTo(requestedAt.plus(GRACE));
        assertThat(journey.get("/v1/profiles/me", session).getStatusCode()).as("signed out everywhere").isEqualTo(401);

        List<Outbox.Mail> mails = Outbox.mailTo(learner.email());
        assertThat(mails).hasSize(mailsBefore + 1);
        Outbox.Mail acknowledgement = mails.get(mails.size() - 1);
        assertThat(acknowledgement.subject()).contains("will be deleted");
        assertThat(acknowledgement.text()).contains("Vietnam time", "giờ Việt Nam", "/cancel-deletion#token=");

        String again = journey.signIn(learner.email());
        APIGatewayV2HTTPResponse read = journey.get("/v1/profiles/me", again);
        assertThat(read.getBody()).contains("\"status\":\"DEACTIVATED\"", "\"kind\":\"delete\"");
        APIGatewayV2HTTPResponse edit = update.handleRequest(ApiEvents.request("PATCH", "/v1/profiles/me",
                Map.of("authorization", "Bearer " + again, "content-type", "application/json",
                        "if-match", read.getHeaders().get("etag")), Json.of(Map.of("marketingConsent", true))), null);
        assertThat(edit.getStatusCode()).as("no processing while deletion is pending").isEqualTo(409);
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileIdIn(read)))
                .contains("DELETION_REQUESTED", "DELETION_CONFIRMED");
    }

    @Test
    void erasure_ofAProfileWhoseEmailChanged_removesTheOldAddressKeptForItsUndoLink() {
        TestLearners.Learner learner = TestLearners.next();
        TestLearners.Learner newAddress = TestLearners.next();
        String session = journey.signedUpAndSignedIn(learner);
        String profileId = field(journey.get("/v1/profiles/me", session).getBody(), "profileId");
        assertThat(journey.patch(session, journey.get("/v1/profiles/me", session).getHeaders().get("etag"),
                Json.of(Map.of("email", newAddress.email()))).getStatusCode()).isEqualTo(200);
        assertThat(update.handleRequest(ApiEvents.post("/v1/email-changes/confirmation", "application/json",
                Json.of(Map.of("token", latestTokenTo(newAddress.email())))), null).getStatusCode()).isEqualTo(200);
        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId)).as("the old address, kept for the undo link")
                .anySatisfy(item -> assertThat(item).contains("previous-email#" + profileId));
        assertThat(steps.requestSignedIn(journey.signIn(newAddress.email()), "delete").getStatusCode()).isEqualTo(201);
        CLOCK.advance(PAST_GRACE);
        try {
            assertThat(erasure.erase(profileId)).isTrue();

            assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId)).isEmpty();
        } finally {
            CLOCK.reset();
        }
    }

    private static String profileIdIn(APIGatewayV2HTTPResponse response) {
        return field(response.getBody(), "profileId");
    }
}
