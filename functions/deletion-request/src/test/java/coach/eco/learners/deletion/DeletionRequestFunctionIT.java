package coach.eco.learners.deletion;

import coach.eco.learners.publiclink.HeldRequests;
import coach.eco.learners.purge.ErasureService;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AtOnce;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.AwsFaults;
import coach.eco.learners.testing.DeletionSteps;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.token.TokenPurpose;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static coach.eco.learners.testing.LearnerSetUp.field;
import static coach.eco.learners.testing.LearnerSetUp.latestTokenTo;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(LocalAwsExtension.class)
class DeletionRequestFunctionIT {
    private static final MutableClock CLOCK = new MutableClock();
    /** The template's default grace period, and a moment past it. */
    private static final Duration GRACE = Duration.ofHours(70);
    private static final Duration PAST_GRACE = GRACE.plusMinutes(1);

    private static final InterleavingTransactions TRANSACTIONS = new InterleavingTransactions();

    private static DeletionRequestFunction deletion;
    private static ApplicationContext deletionContext;
    private static ErasureService erasure;
    private static LearnerSetUp learners;
    private static DeletionSteps steps;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        deletionContext = LocalAwsExtension.contextOf("DeletionRequestFunction", CLOCK, TRANSACTIONS);
        deletion = new DeletionRequestFunction(deletionContext);
        // The purge will run this service; until it exists, the tests call it as the purge will.
        erasure = deletionContext.getBean(ErasureService.class);
        learners = new LearnerSetUp(deletionContext);
        steps = new DeletionSteps(deletion);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() {
        plainDynamoDb.close();
        deletion.close();
    }

    @AfterEach
    void backToNow() {
        CLOCK.reset();
    }

    @Test
    void signedInDeactivate_thenCancelWhileSignedIn_reactivatesTheProfile() {
        TestLearners.Learner learner = TestLearners.next();
        String session = learners.signedUpAndSignedIn(learner);

        APIGatewayV2HTTPResponse requested = steps.requestSignedIn(session, "deactivate");

        assertThat(requested.getStatusCode()).isEqualTo(201);
        assertThat(requested.getBody()).contains("\"status\":\"DEACTIVATED\"", "\"kind\":\"deactivate\"")
                .doesNotContain("erasureDueAt");
        Outbox.Mail acknowledgement = Outbox.mailTo(learner.email()).get(Outbox.mailTo(learner.email()).size() - 1);
        assertThat(acknowledgement.subject()).contains("deactivated");
        assertThat(acknowledgement.text()).doesNotContain("cancel-deletion");

        String again = learners.signIn(learner.email());
        APIGatewayV2HTTPResponse cancelled = steps.cancelSignedIn(again);

        assertThat(cancelled.getStatusCode()).isEqualTo(200);
        assertThat(cancelled.getBody()).contains("\"status\":\"ACTIVE\"").doesNotContain("\"deletionRequest\":{");
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileIdIn(cancelled))).contains("DELETION_CANCELLED");
        assertThat(steps.cancelSignedIn(again).getStatusCode()).as("nothing left to cancel").isEqualTo(409);
    }

    @Test
    void secondRequest_whileOneIsPending_isAnsweredWithTheExistingOne_andSendsNoMail() {
        TestLearners.Learner learner = TestLearners.next();
        APIGatewayV2HTTPResponse first = steps.requestSignedIn(learners.signedUpAndSignedIn(learner), "delete");
        int mails = Outbox.mailTo(learner.email()).size();

        APIGatewayV2HTTPResponse second = steps.requestSignedIn(learners.signIn(learner.email()), "deactivate");

        assertThat(second.getStatusCode()).isEqualTo(200);
        assertThat(field(second.getBody(), "requestedAt")).isEqualTo(field(first.getBody(), "requestedAt"));
        assertThat(second.getBody()).contains("\"kind\":\"delete\"");
        assertThat(Outbox.mailTo(learner.email())).as("only the sign-in link").hasSize(mails + 1);
    }

    @Test
    void publicForm_answersKnownAndUnknownEmailsAlike_andOnlyTheKnownLearnerGetsALink() {
        TestLearners.Learner known = TestLearners.next();
        TestLearners.Learner unknown = TestLearners.next();
        learners.signedUpAndSignedIn(known);
        int knownMails = Outbox.mailTo(known.email()).size();

        APIGatewayV2HTTPResponse forKnown = steps.requestByEmail(known.email(), "delete");
        APIGatewayV2HTTPResponse forUnknown = steps.requestByEmail(unknown.email(), "delete");

        assertThat(forKnown.getStatusCode()).isEqualTo(202).isEqualTo(forUnknown.getStatusCode());
        assertThat(forKnown.getBody()).isEqualTo(forUnknown.getBody());
        assertThat(forKnown.getHeaders()).isEqualTo(forUnknown.getHeaders());
        assertThat(Outbox.mailTo(unknown.email())).isEmpty();
        List<Outbox.Mail> mails = Outbox.mailTo(known.email());
        assertThat(mails).hasSize(knownMails + 1);
        assertThat(mails.get(mails.size() - 1).subject()).contains("Confirm deleting your profile");
    }

    /** Known email or not, the public form is answered no sooner than the response floor (see ResponseFloorTest). */
    @Test
    void publicForm_forAKnownOrAnUnknownEmail_isHeldByTheResponseFloor() {
        TestLearners.Learner known = TestLearners.next();
        learners.signedUpAndSignedIn(known);
        int mails = Outbox.mailTo(known.email()).size();
        HeldRequests floor = new HeldRequests();
        try (DeletionRequestFunction held = new DeletionRequestFunction(
                LocalAwsExtension.contextOf("DeletionRequestFunction", CLOCK, floor))) {
            DeletionSteps throughTheFloor = new DeletionSteps(held);

            floor.heldOnce("a known email's request", () -> throughTheFloor.requestByEmail(known.email(), "delete"));
            floor.heldOnce("an unknown email's request",
                    () -> throughTheFloor.requestByEmail(TestLearners.next().email(), "delete"));
        }
        assertThat(Outbox.mailTo(known.email())).as("the known learner's link").hasSize(mails + 1);
    }

    /** `EmailLinksPerHour` (5): past it in one clock hour, the form mails that address nothing more, and answers alike. */
    @Test
    void publicForm_pastAnAddresssHourlyLimit_mailsNothingMore_andAnswersAlike() {
        TestLearners.Learner known = TestLearners.next();
        learners.signedUpAndSignedIn(known);
        int knownMails = Outbox.mailTo(known.email()).size();

        CLOCK.withinOneHour(() -> {
            APIGatewayV2HTTPResponse first = steps.requestByEmail(known.email(), "delete");
            for (int request = 2; request <= 5; request++) {
                steps.requestByEmail(known.email(), "delete");
            }
            APIGatewayV2HTTPResponse sixth = steps.requestByEmail(known.email(), "delete");

            assertThat(Outbox.mailTo(known.email())).as("links in the hour").hasSize(knownMails + 5);
            assertThat(sixth.getStatusCode()).isEqualTo(202);
            assertThat(sixth.getBody()).isEqualTo(first.getBody());
            assertThat(sixth.getHeaders()).isEqualTo(first.getHeaders());
        });
        CLOCK.advance(Duration.ofHours(2));
        steps.requestByEmail(known.email(), "delete");
        assertThat(Outbox.mailTo(known.email())).as("a link in a later hour").hasSize(knownMails + 6);
    }

    @Test
    void publicForm_whenTheRequestCannotBeStored_answersAsForAnUnknownEmail() {
        TestLearners.Learner known = TestLearners.next();
        learners.signedUpAndSignedIn(known);

        answeredAsForAnUnknownEmail_sendingNothing(known, "DynamoDb", "TransactWriteItems");
    }

    @Test
    void publicForm_whoseConfirmationMailIsRefused_answersAlike_keepsTheRequestAudited_andLeavesNoLiveLink() {
        TestLearners.Learner known = TestLearners.next();
        String profileId = learners.profile(learners.signedUpAndSignedIn(known)).profileId();

        answeredAsForAnUnknownEmail_sendingNothing(known, "Ses", "SendRawEmail");

        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).contains("DELETION_REQUESTED");
        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId)).as("no token that no mail carries")
                .noneMatch(item -> item.contains(TokenPurpose.CONFIRM_DELETION.keyPrefix()));
        steps.requestByEmail(known.email(), "delete");
        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId)).as("a mail sent keeps its token")
                .anyMatch(item -> item.contains(TokenPurpose.CONFIRM_DELETION.keyPrefix()));
    }

    @Test
    void publicForm_confirmedByTheLink_putsTheRequestInForce_once() {
        TestLearners.Learner learner = TestLearners.next();
        String session = learners.signedUpAndSignedIn(learner);
        int mails = Outbox.mailTo(learner.email()).size();
        steps.requestByEmail(learner.email(), "deactivate");
        List<Outbox.Mail> asked = Outbox.mailTo(learner.email());
        assertThat(asked).as("the confirmation link").hasSize(mails + 1);
        assertThat(asked.get(asked.size() - 1).subject()).contains("Confirm deactivating your profile");
        String token = latestTokenTo(learner.email());

        APIGatewayV2HTTPResponse confirmed = post("/v1/deletion-requests/confirmation", Json.of(Map.of("token", token)));

        assertThat(confirmed.getStatusCode()).isEqualTo(201);
        assertThat(confirmed.getBody()).contains("\"kind\":\"deactivate\"").doesNotContain(learner.email());
        assertThat(learners.signedIn(session)).as("signed out").isFalse();
        List<Outbox.Mail> after = Outbox.mailTo(learner.email());
        assertThat(after).as("and one acknowledgement").hasSize(mails + 2);
        assertThat(after.get(after.size() - 1).subject()).contains("deactivated");
        assertThat(post("/v1/deletion-requests/confirmation", Json.of(Map.of("token", token))).getStatusCode())
                .as("a used link").isEqualTo(400);
    }

    @Test
    void confirmationLink_clickedTwiceAtOnce_worksExactlyOnce() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.profile(learners.signedUpAndSignedIn(learner)).profileId();
        steps.requestByEmail(learner.email(), "delete");
        String token = latestTokenTo(learner.email());
        int mails = Outbox.mailTo(learner.email()).size();

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(
                () -> post("/v1/deletion-requests/confirmation", Json.of(Map.of("token", token))));

        assertThat(clicks).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactlyInAnyOrder(201, 400);
        assertThat(clicks).filteredOn(click -> click.getStatusCode() == 400).singleElement()
                .satisfies(used -> assertThat(used.getBody()).contains("invalid-link"));
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).containsOnlyOnce("DELETION_CONFIRMED");
        assertThat(Outbox.mailTo(learner.email())).as("one acknowledgement").hasSize(mails + 1);
    }

    @Test
    void confirmationLink_whileARequestIsPending_answersWithTheExistingOne() {
        TestLearners.Learner learner = TestLearners.next();
        String session = learners.signedUpAndSignedIn(learner);
        steps.requestByEmail(learner.email(), "delete");
        String token = latestTokenTo(learner.email());
        APIGatewayV2HTTPResponse signedIn = steps.requestSignedIn(session, "delete");
        int mails = Outbox.mailTo(learner.email()).size();

        APIGatewayV2HTTPResponse confirmed = post("/v1/deletion-requests/confirmation", Json.of(Map.of("token", token)));

        assertThat(confirmed.getStatusCode()).isEqualTo(200);
        assertThat(field(confirmed.getBody(), "requestedAt")).isEqualTo(field(signedIn.getBody(), "requestedAt"));
        assertThat(Outbox.mailTo(learner.email())).hasSize(mails);
    }

    @Test
    void cancelLink_withinTheGracePeriod_restoresTheProfile_andWorksOnce() {
        Requested requested = signedUpWithDeletionRequested();
        TestLearners.Learner learner = requested.learner();
        String cancelToken = requested.cancelToken();
        CLOCK.advance(GRACE.minusMinutes(5));

        int mails = Outbox.mailTo(learner.email()).size();

        APIGatewayV2HTTPResponse cancelled = steps.cancelByLink(cancelToken);

        assertThat(cancelled.getStatusCode()).isEqualTo(200);
        assertThat(steps.cancelByLink(cancelToken).getStatusCode()).as("used").isEqualTo(400);
        assertThat(Outbox.mailTo(learner.email())).as("a cancel sends nothing").hasSize(mails);
        String read = learners.profileJson(learners.signIn(learner.email()));
        assertThat(read).contains("\"status\":\"ACTIVE\"");
        CLOCK.advance(Duration.ofHours(2));
        assertThat(erasure.erase(field(read, "profileId"))).as("nothing left to erase").isFalse();
    }

    /** The click that loses finds the link used, or the request it read already cancelled: refused either way. */
    @Test
    void cancelLink_clickedTwiceAtOnce_worksExactlyOnce() throws Exception {
        Requested requested = signedUpWithDeletionRequested();

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(() -> steps.cancelByLink(requested.cancelToken()));

        assertThat(clicks).filteredOn(click -> click.getStatusCode() == 200).as("cancels").hasSize(1);
        assertThat(clicks).filteredOn(click -> click.getStatusCode() != 200).singleElement().satisfies(refused -> {
            assertThat(refused.getStatusCode()).isIn(400, 409);
            assertThat(refused.getBody()).contains(refused.getStatusCode() == 400 ? "invalid-link" : "profile-changed");
        });
        assertThat(AuditTrail.eventsOf(plainDynamoDb, requested.profileId())).containsOnlyOnce("DELETION_CANCELLED");
        assertThat(learners.profileJson(learners.signIn(requested.learner().email()))).contains("\"status\":\"ACTIVE\"");
    }

    /** A request cancelled while signed in, then made again: the first request's cancel link does not cancel the second. */
    @Test
    void cancelLinkOfAnEarlierRequest_doesNotCancelTheRequestMadeAfterIt() {
        TestLearners.Learner learner = TestLearners.next();
        assertThat(steps.requestSignedIn(learners.signedUpAndSignedIn(learner), "delete").getStatusCode()).isEqualTo(201);
        String earlierLink = latestTokenTo(learner.email());
        assertThat(steps.cancelSignedIn(learners.signIn(learner.email())).getStatusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(1));
        assertThat(steps.requestSignedIn(learners.signIn(learner.email()), "delete").getStatusCode()).isEqualTo(201);

        APIGatewayV2HTTPResponse oldLink = steps.cancelByLink(earlierLink);

        assertThat(oldLink.getStatusCode()).as(oldLink.getBody()).isEqualTo(400);
        assertThat(steps.cancelSignedIn(learners.signIn(learner.email())).getStatusCode())
                .as("the later request, still there to cancel").isEqualTo(200);
    }

    @Test
    void cancel_afterTheGracePeriod_isRefused_byLinkAndSignedIn() {
        Requested requested = signedUpWithDeletionRequested();
        TestLearners.Learner learner = requested.learner();
        String cancelToken = requested.cancelToken();
        CLOCK.advance(PAST_GRACE);

        APIGatewayV2HTTPResponse byLink = steps.cancelByLink(cancelToken);
        APIGatewayV2HTTPResponse signedIn = steps.cancelSignedIn(learners.signIn(learner.email()));

        assertThat(byLink.getStatusCode()).isEqualTo(409);
        assertThat(byLink.getBody()).contains("grace-period-over");
        assertThat(signedIn.getStatusCode()).isEqualTo(409);
        assertThat(signedIn.getBody()).contains("grace-period-over");
    }

    @Test
    void erasure_whenDue_removesEveryItemOfTheProfile_andLeavesAPiiFreeRecord() {
        Requested requested = signedUpWithDeletionRequested();
        TestLearners.Learner learner = requested.learner();
        String profileId = requested.profileId();
        learners.signIn(learner.email());
        assertThat(erasure.erase(profileId)).as("not due yet").isFalse();
        CLOCK.advance(PAST_GRACE);

        assertThat(erasure.erase(profileId)).isTrue();

        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId))
                .as("profile, email lookup, tokens and sessions").isEmpty();
        List<Map<String, AttributeValue>> trail = AuditTrail.recordsOf(plainDynamoDb, profileId);
        assertThat(trail.get(trail.size() - 1).get("event").s()).isEqualTo("PROFILE_ERASED");
        assertThat(trail.toString()).doesNotContain(learner.email(), learner.fullName(), learner.phoneE164());
        CLOCK.reset();
        learners.signUp(learner);
        assertThat(Outbox.mailTo(learner.email()).get(Outbox.mailTo(learner.email()).size() - 1).subject())
                .as("the address is free again: a new signup gets a verification email").contains("Confirm your email");
    }

    @Test
    void cancelThatCommitsFirst_winsOverAnErasureReadBefore_andNothingIsErased() {
        Requested requested = signedUpWithDeletionRequested();
        TestLearners.Learner learner = requested.learner();
        String profileId = requested.profileId();
        String cancelToken = requested.cancelToken();
        CLOCK.advance(PAST_GRACE);
        var due = erasure.due(profileId).orElseThrow();
        // The cancel's function runs on a clock a little behind the purge's: still within grace there.
        CLOCK.advance(Duration.ofMinutes(-2));
        assertThat(steps.cancelByLink(cancelToken).getStatusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofMinutes(2));

        assertThat(erasure.carryOut(due)).isFalse();

        assertThat(learners.profileJson(learners.signIn(learner.email())))
                .contains("\"status\":\"ACTIVE\"", learner.email());
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).doesNotContain("PROFILE_ERASED");
    }

    /**
     * The erasure's commit took longer than its attempt timeout, or its answer was lost: the SDK's
     * retry finds the profile gone. The erasure is done, and counted so, once.
     */
    @Test
    void erasureWhoseCommitLostItsAnswer_isDone_andErasesEverything_once() {
        String profileId = signedUpWithDeletionRequested().profileId();
        CLOCK.advance(PAST_GRACE);
        try {
            AwsFaults.Faulted<Boolean> erased = AwsFaults.answerLost(
                    "DynamoDb.TransactWriteItems AuditTable+LookupTable+ProfilesTable", () -> erasure.erase(profileId));

            assertThat(erased.fired()).as("the erasure's commit lost its answer").isTrue();
            assertThat(erased.result()).as("erased").isTrue();
            assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId)).as("all gone").isEmpty();
            assertThat(erasure.erase(profileId)).as("nothing left to erase").isFalse();
        } finally {
            CLOCK.reset();
        }
    }

    @Test
    void erasureThatCommitsFirst_winsOverACancel_andTheCancelIsRefused() {
        Requested requested = signedUpWithDeletionRequested();
        TestLearners.Learner learner = requested.learner();
        String profileId = requested.profileId();
        String cancelToken = requested.cancelToken();
        String laterSession = learners.signIn(learner.email());
        CLOCK.advance(PAST_GRACE);
        assertThat(erasure.erase(profileId)).isTrue();
        CLOCK.advance(Duration.ofMinutes(-2));

        assertThat(steps.cancelByLink(cancelToken).getStatusCode()).isEqualTo(400);
        assertThat(steps.cancelSignedIn(laterSession).getStatusCode()).isEqualTo(401);

        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId))
                .as("all gone, nothing half-erased").isEmpty();
    }

    @Test
    void cancelThatReadTheProfileBeforeAnErasureCommitted_isRefused_andNothingIsHalfErased() {
        Requested requested = signedUpWithDeletionRequested();
        TestLearners.Learner learner = requested.learner();
        String profileId = requested.profileId();
        String cancelToken = requested.cancelToken();
        CLOCK.advance(GRACE.minusMinutes(1));
        // Between the cancel's read and its write, the purge (on a clock two minutes ahead) erases.
        TRANSACTIONS.beforeNextWrite(() -> {
            CLOCK.advance(Duration.ofMinutes(2));
            assertThat(erasure.erase(profileId)).isTrue();
            CLOCK.advance(Duration.ofMinutes(-2));
        });

        APIGatewayV2HTTPResponse cancel = steps.cancelByLink(cancelToken);

        assertThat(cancel.getStatusCode()).isEqualTo(409);
        assertThat(cancel.getBody()).contains("grace-period-over");
        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId))
                .as("all gone, nothing half-erased").isEmpty();
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).contains("PROFILE_ERASED")
                .doesNotContain("DELETION_CANCELLED");
    }

    @Test
    void kmsUnreachable_gets503_changesNothing_andASecondTryTakesEffect() {
        TestLearners.Learner learner = TestLearners.next();
        String session = learners.signedUpAndSignedIn(learner);
        int mails = Outbox.mailTo(learner.email()).size();

        APIGatewayV2HTTPResponse failed;
        try (DeletionRequestFunction withoutKms = LocalAwsExtension.builtWithKmsAt("http://127.0.0.1:9",
                () -> new DeletionRequestFunction(LocalAwsExtension.contextOf("DeletionRequestFunction", CLOCK)))) {
            failed = withoutKms.handleRequest(ApiEvents.request("POST", "/v1/profiles/me/deletion-request",
                    Map.of("authorization", "Bearer " + session, "content-type", "application/json"),
                    Json.of(Map.of("kind", "delete"))), null);
        }

        assertThat(failed.getStatusCode()).isEqualTo(503);
        assertThat(failed.getBody()).contains("urn:learner-profiles:problem:unavailable");
        assertThat(learners.profileJson(session)).as("still signed in, nothing changed")
                .contains("\"status\":\"ACTIVE\"");
        assertThat(Outbox.mailTo(learner.email())).hasSize(mails);
        assertThat(steps.requestSignedIn(session, "delete").getStatusCode()).isEqualTo(201);
    }

    @Test
    void badInput_getsAProblem_andChangesNothing() {
        TestLearners.Learner learner = TestLearners.next();
        String session = learners.signedUpAndSignedIn(learner);
        int mails = Outbox.mailTo(learner.email()).size();

        APIGatewayV2HTTPResponse wrongKind = steps.requestSignedIn(session, "erase");
        APIGatewayV2HTTPResponse unknownField = post("/v1/deletion-requests",
                "{\"email\": \"" + learner.email() + "\", \"kind\": \"delete\", \"status\": \"ERASED\"}");
        APIGatewayV2HTTPResponse badEmail = steps.requestByEmail("not an email", "delete");
        APIGatewayV2HTTPResponse malformedToken = post("/v1/deletion-requests/confirmation", Json.of(Map.of("token", "x")));
        APIGatewayV2HTTPResponse noSession = deletion.handleRequest(ApiEvents.request("POST",
                "/v1/profiles/me/deletion-request", Map.of("content-type", "application/json"),
                Json.of(Map.of("kind", "delete"))), null);

        assertThat(wrongKind.getStatusCode()).isEqualTo(422);
        assertThat(wrongKind.getBody()).contains("\"field\":\"kind\"");
        assertThat(unknownField.getStatusCode()).isEqualTo(422);
        assertThat(badEmail.getStatusCode()).isEqualTo(422);
        assertThat(malformedToken.getStatusCode()).isEqualTo(400);
        assertThat(noSession.getStatusCode()).isEqualTo(401);
        assertThat(learners.profileJson(session)).contains("\"status\":\"ACTIVE\"");
        assertThat(Outbox.mailTo(learner.email())).hasSize(mails);
    }

    /** A confirmed learner who has just asked, signed in, for deletion. */
    private record Requested(TestLearners.Learner learner, String profileId, String cancelToken) {
    }

    private static Requested signedUpWithDeletionRequested() {
        TestLearners.Learner learner = TestLearners.next();
        String session = learners.signedUpAndSignedIn(learner);
        String profileId = learners.profile(session).profileId();
        assertThat(steps.requestSignedIn(session, "delete").getStatusCode()).isEqualTo(201);
        return new Requested(learner, profileId, latestTokenTo(learner.email()));
    }

    private static APIGatewayV2HTTPResponse post(String path, String json) {
        return deletion.handleRequest(ApiEvents.post(path, "application/json", json), null);
    }

    /** The public form asked for a known learner, with one AWS operation failing: answered as for an unknown email. */
    private void answeredAsForAnUnknownEmail_sendingNothing(TestLearners.Learner known, String service, String operation) {
        int mails = Outbox.mailTo(known.email()).size();

        APIGatewayV2HTTPResponse forKnown = AwsFaults.throttling(service, operation,
                () -> steps.requestByEmail(known.email(), "delete"));
        APIGatewayV2HTTPResponse forUnknown = steps.requestByEmail(TestLearners.next().email(), "delete");

        assertThat(forKnown.getStatusCode()).isEqualTo(202).isEqualTo(forUnknown.getStatusCode());
        assertThat(forKnown.getBody()).isEqualTo(forUnknown.getBody());
        assertThat(Outbox.mailTo(known.email())).hasSize(mails);
    }

    private static String profileIdIn(APIGatewayV2HTTPResponse response) {
        return field(response.getBody(), "profileId");
    }

}
