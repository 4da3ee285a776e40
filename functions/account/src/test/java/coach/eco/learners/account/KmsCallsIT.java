package coach.eco.learners.account;

import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LearnerJourney;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LearnerWayIn;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Hierarchical keyring saves: KMS calls, counted on every KMS client of the functions. A
 * function fetches the branch key it encrypts under and each version it decrypts under once per cache
 * period; every request after that reads and writes profiles without calling KMS. The one KMS call
 * each signed-in request makes is the check of its session's MAC (kms:VerifyMac).
 */
@ExtendWith(LocalAwsExtension.class)
class KmsCallsIT {
    private static UpdateFunction update;
    private static LearnerWayIn.Signups signups;
    private static LearnerJourney journey;

    @BeforeAll
    static void start() {
        update = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction"));
        signups = LearnerSetUp.signups(update.getApplicationContext());
        journey = LearnerJourney.signingUpBy(signups, update);
    }

    @AfterAll
    static void stop() {
        update.close();
    }

    @Test
    void coldUpdateFunction_decryptsEachBranchKeyOnce_thenReadsAndUpdatesCallingKmsOnlyForTheSessionsMac() {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        try (UpdateFunction cold = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction"))) {
            LearnerJourney fresh = LearnerJourney.signingUpBy(signups, cold);

            // The session's MAC, then the branch key version the profile was written under, to decrypt it.
            KmsCalls.Counted<String> firstRead = KmsCalls.counting(() -> etagOf(fresh.get("/v1/profiles/me", session)));
            assertThat(firstRead.calls()).containsExactly("VerifyMac", "Decrypt");
            // The active branch key, to encrypt the new item.
            KmsCalls.Counted<String> firstUpdate = KmsCalls.counting(() ->
                    etagOf(fresh.patch(session, firstRead.result(), Json.of(Map.of("marketingConsent", false)))));
            assertThat(firstUpdate.calls()).containsExactly("VerifyMac", "Decrypt");

            List<String> warm = KmsCalls.during(() -> {
                String etag = etagOf(fresh.get("/v1/profiles/me", session));
                etag = etagOf(fresh.patch(session, etag, Json.of(Map.of("marketingConsent", true))));
                etagOf(fresh.patch(session, etag, Json.of(Map.of("fullName", TestLearners.next().fullName()))));
                etagOf(fresh.get("/v1/profiles/me/export", session));
            });
            assertThat(warm).as("the session's MAC, once per request").containsExactly(
                    "VerifyMac", "VerifyMac", "VerifyMac", "VerifyMac");
        }
    }

    @Test
    void warmFunction_readsAndUpdatesAnotherLearnersProfile_callingKmsOnlyForTheSessionsMac() {
        String earlier = journey.signedUpAndSignedIn(TestLearners.next());
        etagOf(journey.patch(earlier, etagOf(journey.get("/v1/profiles/me", earlier)), Json.of(Map.of("marketingConsent", false))));
        String session = journey.signedUpAndSignedIn(TestLearners.next());

        List<String> calls = KmsCalls.during(() -> {
            String etag = etagOf(journey.get("/v1/profiles/me", session));
            etagOf(journey.patch(session, etag, Json.of(Map.of("marketingConsent", false))));
        });

        assertThat(calls).containsExactly("VerifyMac", "VerifyMac");
    }

    @Test
    void branchKey_isDecryptedAgain_onceTheConfiguredCacheTimeHasPassed() throws InterruptedException {
        String session = journey.signedUpAndSignedIn(TestLearners.next());
        try (UpdateFunction shortCache = new UpdateFunction(LocalAwsExtension.contextOf("UpdateFunction",
                Map.of("LEARNER_BRANCH_KEY_CACHE_TTL", "PT1S")))) {
            LearnerJourney fresh = LearnerJourney.signingUpBy(signups, shortCache);
            assertThat(KmsCalls.during(() -> etagOf(fresh.get("/v1/profiles/me", session))))
                    .containsExactly("VerifyMac", "Decrypt");

            Thread.sleep(2_500);

            assertThat(KmsCalls.during(() -> etagOf(fresh.get("/v1/profiles/me", session))))
                    .containsExactly("VerifyMac", "Decrypt");
        }
    }

    private static String etagOf(APIGatewayV2HTTPResponse response) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return response.getHeaders().get("etag");
    }
}
