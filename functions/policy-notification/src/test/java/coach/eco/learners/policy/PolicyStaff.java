package coach.eco.learners.policy;

import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.TestStaff;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What staff do with policy versions, through the IAM-signed routes as API Gateway passes them on. */
final class PolicyStaff {
    /** A session of a staff role, as API Gateway names the caller. */
    static final String STAFF = TestStaff.SESSION;
    /** Who a version records as its publisher: the staff role, not the session. */
    static final String PUBLISHER = TestStaff.ROLE;
    private static final long RUN = System.currentTimeMillis() % 1_000_000;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final PolicyFunction policy;

    PolicyStaff(PolicyFunction policy) {
        this.policy = policy;
    }

    /** A version id not used before, in this run or an earlier one against the same emulator. */
    static String newVersionId() {
        return "2026-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    static String draft(String versionId, String kind) {
        return """
                {"versionId": "%s", "kind": "%s", "effectiveDate": "%s",
                 "policyUrl": "https://eco-coach.example/chinh-sach/%s",
                 "summaryVi": "Chúng tôi sẽ dùng kết quả học tập để gợi ý khoá học <b>phù hợp</b> <script>alert('x')</script>.",
                 "summaryEn": "We will use your learning results to suggest courses that suit you."}"""
                .formatted(versionId, kind, LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).plusDays(30), versionId);
    }

    APIGatewayV2HTTPResponse publish(String body) {
        return policy.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/policy-versions", Map.of(), STAFF, body),
                null);
    }

    /** Publishes a version of this kind; returns its id. */
    String published(String kind) {
        String versionId = newVersionId();
        APIGatewayV2HTTPResponse response = publish(draft(versionId, kind));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        return versionId;
    }

    APIGatewayV2HTTPResponse read(String versionId) {
        return policy.handleRequest(ApiEvents.iamRequest("GET", "/v1/admin/policy-versions/{versionId}",
                Map.of("versionId", versionId), STAFF, null), null);
    }

    APIGatewayV2HTTPResponse announceAgain(String versionId) {
        return policy.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/policy-versions/{versionId}/notification",
                Map.of("versionId", versionId), STAFF, null), null);
    }
}
