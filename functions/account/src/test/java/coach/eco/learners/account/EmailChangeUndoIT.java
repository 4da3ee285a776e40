package coach.eco.learners.account;

import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AtOnce;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The link to the old address of a confirmed email change, which puts the old address back. */
@ExtendWith(LocalAwsExtension.class)
class EmailChangeUndoIT {
    private static final MutableClock CLOCK = new MutableClock();
    private static final String UNDO_LINK = "/undo-email-change#token=";

    /** A learner whose email someone changed to their own address and confirmed. */
    private record TakenOver(TestLearners.Learner owner, TestLearners.Learner attacker, String profileId) {
    }

    @RegisterExtension
    static final LearnerFunctions functions = new LearnerFunctions(CLOCK);

    @AfterEach
    void clockBack() {
        CLOCK.reset();
    }

    @Test
    void takeover_undoneFromTheOldMailbox_restoresTheAddress_andLocksTheAttackerOut() {
        TakenOver taken = takenOver();
        String attackersSession = functions.journey.signIn(taken.attacker().email());
        functions.journey.requestLink(taken.attacker().email());
        String attackersUnusedLink = LearnerJourney.latestTokenTo(taken.attacker().email());

        APIGatewayV2HTTPResponse undone = undo(undoTokenTo(taken.owner()));

        assertThat(undone.getStatusCode()).as(undone.getBody()).isEqualTo(200);
        assertThat(functions.journey.get("/v1/profiles/me", attackersSession).getStatusCode()).isEqualTo(401);
        assertThat(functions.journey.startSession(attackersUnusedLink).getBody()).contains("invalid-link");
        int attackersMails = Outbox.mailTo(taken.attacker().email()).size();
        assertThat(functions.journey.requestLink(taken.attacker().email()).getStatusCode()).isEqualTo(202);
        assertThat(Outbox.mailTo(taken.attacker().email())).as("the attacker's address leads nowhere").hasSize(attackersMails);
        APIGatewayV2HTTPResponse profile = functions.journey.get("/v1/profiles/me", functions.journey.signIn(taken.owner().email()));
        assertThat(profile.getBody()).contains("\"email\":\"" + taken.owner().email() + "\"")
                .doesNotContain(taken.attacker().email());
        assertThat(AuditTrail.eventsOf(functions.plainDynamoDb, taken.profileId())).containsSubsequence(
                "EMAIL_CHANGE_REQUESTED", "EMAIL_CHANGED", "EMAIL_CHANGE_UNDONE");
    }

    @Test
    void undoMail_isInVietnameseAndEnglish_withItsLinkAndItsLifetime() {
        TakenOver taken = takenOver();

        Outbox.Mail notice = noticeTo(taken.owner());

        assertThat(notice.subject()).contains("Email hồ sơ đã đổi", "Your profile's email has changed");
        assertThat(notice.text()).contains("mở liên kết dưới đây", "hết hạn sau 7 ngày", "expires in 7 days", UNDO_LINK)
                .doesNotContain(taken.attacker().email());
        assertThat(notice.html()).contains("Hoàn tác việc đổi email", "Undo the email change");
    }

    @Test
    void oldAddress_isKeptEncrypted_neverInPlaintext() {
        TakenOver taken = takenOver();

        assertThat(RawTables.everything(functions.plainDynamoDb)).doesNotContain(taken.owner().email());
    }

    @Test
    void undoLink_usedTwice_isRefusedTheSecondTime() {
        TakenOver taken = takenOver();
        String token = undoTokenTo(taken.owner());
        assertThat(undo(token).getStatusCode()).isEqualTo(200);

        APIGatewayV2HTTPResponse again = undo(token);

        assertThat(again.getStatusCode()).isEqualTo(400);
        assertThat(again.getBody()).contains("urn:learner-profiles:problem:invalid-link");
        assertThat(AuditTrail.eventsOf(functions.plainDynamoDb, taken.profileId()).stream()
                .filter("EMAIL_CHANGE_UNDONE"::equals)).hasSize(1);
    }

    @Test
    void undoLink_clickedTwiceAtOnce_worksExactlyOnce() throws Exception {
        TakenOver taken = takenOver();
        String token = undoTokenTo(taken.owner());

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(() -> undo(token));

        assertThat(clicks).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactlyInAnyOrder(200, 400);
        assertThat(clicks).filteredOn(click -> click.getStatusCode() == 400).singleElement()
                .satisfies(used -> assertThat(used.getBody()).contains("urn:learner-profiles:problem:invalid-link"));
        assertThat(AuditTrail.eventsOf(functions.plainDynamoDb, taken.profileId())).containsOnlyOnce("EMAIL_CHANGE_UNDONE");
        assertThat(functions.journey.get("/v1/profiles/me", functions.journey.signIn(taken.owner().email())).getBody())
                .contains("\"email\":\"" + taken.owner().email() + "\"");
    }

    @Test
    void undoLink_afterTheUndoWindow_isRefused_andTheChangeStands() {
        TakenOver taken = takenOver();
        String token = undoTokenTo(taken.owner());
        CLOCK.advance(Duration.ofDays(7).plusMinutes(1));

        APIGatewayV2HTTPResponse late = undo(token);

        assertThat(late.getStatusCode()).isEqualTo(400);
        assertThat(late.getBody()).contains("urn:learner-profiles:problem:invalid-link");
        CLOCK.reset();
        assertThat(functions.journey.get("/v1/profiles/me", functions.journey.signIn(taken.attacker().email())).getBody())
                .contains("\"email\":\"" + taken.attacker().email() + "\"");
    }

    @Test
    void undoLink_whenTheOldAddressNowBelongsToSomeoneElse_isRefused_andChangesNothing() {
        TakenOver taken = takenOver();
        String token = undoTokenTo(taken.owner());
        // The old address is free once the change is confirmed: someone signs up with it.
        functions.journey.signedUpAndSignedIn(new TestLearners.Learner(TestLearners.pii("Vũ Thị Mai"),
                taken.owner().phone(), taken.owner().phoneE164(), taken.owner().email()));

        APIGatewayV2HTTPResponse refused = undo(token);

        assertThat(refused.getStatusCode()).isEqualTo(409);
        assertThat(refused.getBody()).contains("urn:learner-profiles:problem:email-taken")
                .doesNotContain(taken.owner().email());
        assertThat(functions.journey.get("/v1/profiles/me", functions.journey.signIn(taken.attacker().email())).getBody())
                .contains("\"email\":\"" + taken.attacker().email() + "\"");
    }

    @Test
    void aSecondChangeWithinTheWindow_leavesTheUndoLinkWithTheFirstAddress() {
        TakenOver taken = takenOver();
        TestLearners.Learner another = TestLearners.next();
        changeEmail(functions.journey.signIn(taken.attacker().email()), another);

        assertThat(undo(undoTokenTo(taken.owner())).getStatusCode()).isEqualTo(200);

        assertThat(functions.journey.get("/v1/profiles/me", functions.journey.signIn(taken.owner().email())).getBody())
                .contains("\"email\":\"" + taken.owner().email() + "\"");
    }

    /** The owner signs in; someone with that session moves the email to their own address and confirms it. */
    private static TakenOver takenOver() {
        TestLearners.Learner owner = TestLearners.next();
        TestLearners.Learner attacker = TestLearners.next();
        String stolenSession = functions.journey.signedUpAndSignedIn(owner);
        String profileId = LearnerJourney.field(functions.journey.get("/v1/profiles/me", stolenSession).getBody(), "profileId");
        changeEmail(stolenSession, attacker);
        assertThat(functions.journey.get("/v1/profiles/me", stolenSession).getStatusCode())
                .as("the confirmation ended the sessions").isEqualTo(401);
        return new TakenOver(owner, attacker, profileId);
    }

    private static void changeEmail(String session, TestLearners.Learner to) {
        String etag = functions.journey.get("/v1/profiles/me", session).getHeaders().get("etag");
        assertThat(functions.journey.patch(session, etag, Json.of(Map.of("email", to.email()))).getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPResponse confirmed = functions.update.handleRequest(ApiEvents.post("/v1/email-changes/confirmation",
                "application/json", Json.of(Map.of("token", LearnerJourney.latestTokenTo(to.email())))), null);
        assertThat(confirmed.getStatusCode()).as(confirmed.getBody()).isEqualTo(200);
    }

    private static Outbox.Mail noticeTo(TestLearners.Learner owner) {
        List<Outbox.Mail> mails = Outbox.mailTo(owner.email());
        return mails.get(mails.size() - 1);
    }

    private static String undoTokenTo(TestLearners.Learner owner) {
        Outbox.Mail notice = noticeTo(owner);
        assertThat(notice.text()).contains(UNDO_LINK);
        return Outbox.tokenIn(notice);
    }

    private static APIGatewayV2HTTPResponse undo(String token) {
        return functions.update.handleRequest(ApiEvents.post("/v1/email-changes/undo", "application/json",
                Json.of(Map.of("token", token))), null);
    }
}
