package coach.eco.learners.testing;

import coach.eco.learners.policy.PolicyDraft;
import coach.eco.learners.policy.PolicyPublishing;
import coach.eco.learners.staff.StaffCaller;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What staff do with policy versions, through the IAM-signed routes as API Gateway passes them on. */
public final class PolicyStaff {
    /** A session of a staff role, as API Gateway names the caller. */
    public static final String STAFF = TestStaff.SESSION;
    /** Who a version records as its publisher: the staff role, not the session. */
    public static final String PUBLISHER = TestStaff.ROLE;
    private static final long RUN = System.currentTimeMillis() % 1_000_000;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> staff;
    private final String caller;

    /** Staff's calls through the staff function's handler, made in the publisher's session {@link #STAFF}. */
    public PolicyStaff(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> staff) {
        this(staff, STAFF);
    }

    /** The same calls made in another session ({@code caller}, as API Gateway names it). */
    public PolicyStaff(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> staff, String caller) {
        this.staff = staff;
        this.caller = caller;
    }

    /** A version id not used before, in this run or an earlier one against the same emulator. */
    public static String newVersionId() {
        return "2026-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    public static String draft(String versionId, String kind) {
        return Json.of(draftFields(versionId, kind));
    }

    /** A draft's fields, to change one of them (a test of bad input, say); the summary carries markup. */
    public static Map<String, Object> draftFields(String versionId, String kind) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("versionId", versionId);
        fields.put("kind", kind);
        fields.put("effectiveDate", LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).plusDays(30).toString());
        fields.put("policyUrl", "https://eco-coach.example/chinh-sach/" + versionId);
        fields.put("summaryVi", "Chúng tôi sẽ dùng kết quả học tập để gợi ý khoá học <b>phù hợp</b> "
                + "<script>alert('x')</script>.");
        fields.put("summaryEn", "We will use your learning results to suggest courses that suit you.");
        return fields;
    }

    public APIGatewayV2HTTPResponse publish(String body) {
        return staff.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/policy-versions", Map.of(), caller, body),
                null);
    }

    /** Publishes a version of this kind, and has a second publisher approve it: it is in force and mailed. */
    public String published(String kind) {
        String versionId = newVersionId();
        APIGatewayV2HTTPResponse response = publish(draft(versionId, kind));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        APIGatewayV2HTTPResponse approved = new PolicyStaff(staff, TestStaff.SECOND_SESSION).approve(versionId);
        assertThat(approved.getStatusCode()).as(approved.getBody()).isEqualTo(200);
        return versionId;
    }

    /**
     * {@link #published} through the services, for a function's test that runs no staff function: publishes a
     * version of this kind in one publisher's session and approves it in another's; returns its id.
     */
    public static String publishedThrough(PolicyPublishing publishing, String kind) {
        String versionId = newVersionId();
        publishing.publish(Json.read(draft(versionId, kind), PolicyDraft.class),
                new StaffCaller(PUBLISHER, TestStaff.SESSION_NAME), "POST /v1/admin/policy-versions");
        publishing.approve(versionId, new StaffCaller(PUBLISHER, TestStaff.SECOND_SESSION_NAME),
                "POST /v1/admin/policy-versions/{versionId}/approval");
        return versionId;
    }

    /** This session's approval of a version published in another. */
    public APIGatewayV2HTTPResponse approve(String versionId) {
        return staff.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/policy-versions/{versionId}/approval",
                Map.of("versionId", versionId), caller, null), null);
    }

    public APIGatewayV2HTTPResponse read(String versionId) {
        return staff.handleRequest(ApiEvents.iamRequest("GET", "/v1/admin/policy-versions/{versionId}",
                Map.of("versionId", versionId), caller, null), null);
    }

    public APIGatewayV2HTTPResponse announceAgain(String versionId) {
        return staff.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/policy-versions/{versionId}/notification",
                Map.of("versionId", versionId), caller, null), null);
    }

    /** The newsletter's List-Unsubscribe headers for these profiles. */
    public APIGatewayV2HTTPResponse unsubscribeLinks(List<String> profileIds) {
        return staff.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/newsletter-unsubscribe-links", Map.of(),
                caller, Json.of(Map.of("profileIds", profileIds))), null);
    }
}
