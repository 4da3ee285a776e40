package coach.eco.learners.staff;

import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.Population;
import coach.eco.learners.testing.Population.Member;
import coach.eco.learners.testing.Population.Standing;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.testing.TestStaff;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff list the learners who said yes to a purpose such as advice by phone, page by page, with the
 * phones the calls need: exactly those whose answer in force is yes and who are active, to staff roles
 * only, each page audited without a learner's data.
 */
@ExtendWith(LocalAwsExtension.class)
class ConsentingLearnersIT {
    private static final String ROUTE = "/v1/admin/consent-purposes/{purposeId}/consenting-learners";
    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();

    private static StaffFunction staff;
    private static ApplicationContext context;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        staff = FUNCTIONS.start(StaffFunction::new, "StaffFunction");
        context = LocalAwsExtension.contextOf("StaffFunction");
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() throws Exception {
        plainDynamoDb.close();
        context.close();
        FUNCTIONS.close();
    }

    @Test
    void staffListExactlyTheActiveLearnersWhoseAnswerInForceIsYes_withTheirPhones_acrossPages_eachPageAudited() {
        String purposeId = addedPurpose();
        List<Member> population = Population.answering(context, purposeId, List.of(
                Standing.active(true), Standing.active(true), Standing.active(false, true), Standing.active(true),
                Standing.active(true),
                Standing.active(false), Standing.active(), Standing.active(true, false),
                Standing.beingDeleted(true), Standing.suspended(true), Standing.unverified(true)));
        List<Member> saidYes = population.subList(0, 5);
        String session = TestStaff.uniqueSessionName();

        List<Map<String, Object>> listed = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            APIGatewayV2HTTPResponse page = list(purposeId, query(2, cursor), sessionNamed(session));
            assertThat(page.getStatusCode()).as(page.getBody()).isEqualTo(200);
            List<Map<String, Object>> learners = learnersIn(page.getBody());
            assertThat(learners).hasSizeLessThanOrEqualTo(2);
            listed.addAll(learners);
            cursor = (String) Json.read(page.getBody(), Map.class).get("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).as("five learners, two a page").isGreaterThanOrEqualTo(3);
        assertThat(listed).extracting(learner -> learner.get("profileId"))
                .containsExactlyInAnyOrderElementsOf(saidYes.stream().map(Member::profileId).toList());
        for (Member member : saidYes) {
            assertThat(listed).filteredOn(learner -> learner.get("profileId").equals(member.profileId()))
                    .singleElement().satisfies(learner -> {
                        assertThat(learner).containsOnlyKeys("profileId", "fullName", "phone", "answeredAt", "channel",
                                "policyVersion");
                        assertThat(learner).containsEntry("fullName", member.learner().fullName())
                                .containsEntry("phone", member.learner().phoneE164())
                                .containsEntry("channel", "profile").containsEntry("policyVersion", "2024-06-01");
                    });
        }
        List<Map<String, AttributeValue>> audited = listingsAuditedIn(session);
        assertThat(audited).hasSize(pages).allSatisfy(record -> {
            assertThat(record.get("actor").s()).isEqualTo(TestStaff.ROLE);
            assertThat(record.get("purposeId").s()).isEqualTo(purposeId);
            assertThat(record.get("route").s()).isEqualTo("GET " + ROUTE);
        });
        assertThat(audited.stream().mapToInt(record -> Integer.parseInt(record.get("learners").s())).sum())
                .as("the learners listed, counted page by page").isEqualTo(5);
        assertThat(audited.toString()).doesNotContain(population.stream()
                .flatMap(member -> Stream.of(member.learner().phoneE164(), member.learner().fullName(),
                        member.learner().email())).toArray(String[]::new));
    }

    @Test
    void aRoleOutsideTheStaffRoles_isRefused_seesNoNumber_andNoListingIsAudited() {
        String purposeId = addedPurpose();
        Member yes = Population.answering(context, purposeId, List.of(Standing.active(true))).get(0);
        String session = TestStaff.uniqueSessionName();

        APIGatewayV2HTTPResponse refused = list(purposeId, Map.of(), TestStaff.sessionOfAnotherRole(session));
        APIGatewayV2HTTPResponse unsigned = list(purposeId, Map.of(), null);

        assertThat(List.of(refused, unsigned)).allSatisfy(response -> {
            assertThat(response.getStatusCode()).isEqualTo(403);
            assertThat(response.getHeaders().get("content-type")).startsWith("application/problem+json");
            assertThat(response.getBody()).doesNotContain(yes.profileId(), yes.learner().phoneE164());
        });
        assertThat(staffAccessRecordsOf(session)).singleElement()
                .satisfies(record -> assertThat(record.get("event").s()).isEqualTo("STAFF_CALL_REFUSED"));
        assertThat(listingsAuditedIn(session)).isEmpty();
    }

    @Test
    void aCursorChanged_orOfAnotherPurposesList_andAnUnknownPurposeOrLimit_areRefused_andNothingIsListed() {
        String purposeId = addedPurpose();
        String otherPurposeId = addedPurpose();
        Population.answering(context, purposeId, List.of(Standing.active(true), Standing.active(true)));
        String cursor = (String) Json.read(list(purposeId, query(1, null), TestStaff.SESSION).getBody(), Map.class)
                .get("nextCursor");
        assertThat(cursor).isNotNull();
        char middle = cursor.charAt(cursor.length() / 2);
        String changed = cursor.substring(0, cursor.length() / 2) + (middle == 'A' ? 'B' : 'A')
                + cursor.substring(cursor.length() / 2 + 1);
        String session = TestStaff.uniqueSessionName();

        for (String bad : List.of(changed, cursor + "A", "not-a-cursor", "")) {
            APIGatewayV2HTTPResponse refused = list(purposeId, query(1, bad), sessionNamed(session));
            assertThat(refused.getStatusCode()).as(bad).isEqualTo(422);
            assertThat(Json.fieldErrorsOf(refused.getBody())).as(bad).extracting(error -> error.get(0))
                    .containsExactly("cursor");
        }
        assertThat(list(otherPurposeId, query(1, cursor), sessionNamed(session)).getStatusCode())
                .as("a cursor of another purpose's list").isEqualTo(422);
        for (String limit : List.of("0", "101", "ten", "-1")) {
            APIGatewayV2HTTPResponse refused = list(purposeId, Map.of("limit", limit), sessionNamed(session));
            assertThat(refused.getStatusCode()).as(limit).isEqualTo(422);
            assertThat(refused.getBody()).contains("\"field\":\"limit\"");
        }
        APIGatewayV2HTTPResponse unknown = list("no-such-purpose", Map.of(), sessionNamed(session), "vi");
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(Json.field(unknown.getBody(), "title")).isEqualTo("Không có mục đích này");
        assertThat(listingsAuditedIn(session)).isEmpty();
    }

    @Test
    void aWarmPage_callsKmsNotAtAll_toDecryptItsLearnersOrToOpenAndSealItsCursor() {
        String purposeId = addedPurpose();
        Population.answering(context, purposeId, List.of(Standing.active(true), Standing.active(true),
                Standing.active(true)));
        String cursor = (String) Json.read(list(purposeId, query(1, null), TestStaff.SESSION).getBody(), Map.class)
                .get("nextCursor");

        KmsCalls.Counted<APIGatewayV2HTTPResponse> second = KmsCalls.counting(
                () -> list(purposeId, query(1, cursor), TestStaff.SESSION));

        assertThat(second.result().getStatusCode()).isEqualTo(200);
        assertThat(learnersIn(second.result().getBody())).hasSize(1);
        assertThat(Json.read(second.result().getBody(), Map.class).get("nextCursor")).isNotNull();
        assertThat(second.calls()).isEmpty();
    }

    /** A purpose added for this test alone, so that only its own learners have answered it. */
    private static String addedPurpose() {
        String purposeId = "call-back-" + UUID.randomUUID().toString().substring(0, 8);
        APIGatewayV2HTTPResponse added = staff.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/consent-purposes",
                Map.of(), TestStaff.SESSION, Json.of(Map.of("purposeId", purposeId, "nameVi", "Gọi lại tư vấn",
                        "nameEn", "Call back for advice", "descriptionVi", "Được Eco Coach gọi lại để tư vấn.",
                        "descriptionEn", "Being called back by Eco Coach for advice."))), null);
        assertThat(added.getStatusCode()).isEqualTo(201);
        return purposeId;
    }

    private static Map<String, String> query(int limit, String cursor) {
        Map<String, String> query = new LinkedHashMap<>(Map.of("limit", String.valueOf(limit)));
        if (cursor != null) {
            query.put("cursor", cursor);
        }
        return query;
    }

    private static APIGatewayV2HTTPResponse list(String purposeId, Map<String, String> query, String caller) {
        return list(purposeId, query, caller, "en");
    }

    private static APIGatewayV2HTTPResponse list(String purposeId, Map<String, String> query, String caller,
                                                 String language) {
        APIGatewayV2HTTPEvent event = ApiEvents.iamRequest("GET", ROUTE, new HashMap<>(Map.of("purposeId", purposeId)),
                caller, null);
        ApiEvents.withQuery(event, query);
        event.getHeaders().put("accept-language", language);
        return staff.handleRequest(event, null);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> learnersIn(String page) {
        return (List<Map<String, Object>>) Json.read(page, Map.class).get("learners");
    }

    private static String sessionNamed(String sessionName) {
        return TestStaff.SESSION.replace(TestStaff.SESSION_NAME, sessionName);
    }

    private static List<Map<String, AttributeValue>> listingsAuditedIn(String sessionName) {
        return staffAccessRecordsOf(sessionName).stream()
                .filter(record -> record.get("event").s().equals("CONSENTING_LEARNERS_LISTED")).toList();
    }

    private static List<Map<String, AttributeValue>> staffAccessRecordsOf(String sessionName) {
        return AuditTrail.recordsOf(plainDynamoDb, AuditLog.STAFF_ACCESS).stream()
                .filter(record -> record.containsKey("actorSession")
                        && record.get("actorSession").s().equals(sessionName))
                .toList();
    }
}
