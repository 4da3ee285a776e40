package coach.eco.learners.desk;

import coach.eco.learners.http.HttpFunction;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.staff.StaffAccess;
import coach.eco.learners.staff.StaffCaller;
import coach.eco.learners.token.TokenForm;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lambda handler: the privacy desk. Its staff routes (IAM-signed, admitted only for the roles in
 * StaffRoleArns, every act audited with the staff member's role and session) record requests made by
 * phone, post, in person or email and take them to done or refused within their deadlines, take reports of
 * unauthorised profiles, log disclosures to authorities, keep the breach register and give the authority's
 * report; its one public route is the identity link a recorded request mails to the learner.
 */
public class PrivacyDeskFunction extends HttpFunction {
    private static final String CONFIRMATION = "POST /v1/privacy-requests/confirmation";
    private static final Pattern ID = Pattern.compile(Forms.PROFILE_ID);

    @Serdeable
    record Status(String status) {
    }

    @Inject
    StaffAccess staffAccess;

    @Inject
    PrivacyRequests requests;

    @Inject
    RequestActions actions;

    @Inject
    UnauthorisedProfiles unauthorised;

    @Inject
    Disclosures disclosures;

    @Inject
    Breaches breaches;

    @Inject
    DeskReport report;

    public PrivacyDeskFunction() {
    }

    public PrivacyDeskFunction(ApplicationContext context) {
        super(context);
    }

    /** A retried identity link gets its first answer. */
    @Override
    protected Set<String> idempotentRoutes() {
        return Set.of(CONFIRMATION);
    }

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        if (routeKey.equals(CONFIRMATION)) {
            requests.confirmByLink(http.bind(event, TokenForm.class).token());
            return http.json(200, new Status("identity-confirmed"));
        }
        StaffCaller staff = staffAccess.admit(iamCallerArn(event), routeKey);
        return switch (routeKey) {
            case "POST /v1/admin/privacy-requests" -> http.json(201, requests.record(http.bind(event, NewRequest.class), staff));
            case "GET /v1/admin/privacy-requests/{requestId}" -> http.json(200, requests.view(id(event, "requestId")));
            case "POST /v1/admin/privacy-requests/{requestId}/identity" -> http.json(200, requests.confirmByDocument(
                    id(event, "requestId"), http.bind(event, Forms.DocumentCheck.class).document(), staff));
            case "POST /v1/admin/privacy-requests/{requestId}/action" -> http.json(200,
                    actions.act(id(event, "requestId"), http.bind(event, RequestActions.Action.class), staff));
            case "POST /v1/admin/privacy-requests/{requestId}/extension" -> {
                Forms.Reason reason = http.bind(event, Forms.Reason.class);
                yield http.json(200, requests.extend(id(event, "requestId"), reason.reason(), reason.days(), staff));
            }
            case "POST /v1/admin/privacy-requests/{requestId}/refusal" -> http.json(200, requests.refuse(
                    id(event, "requestId"), http.bind(event, Forms.Reason.class).reason(), staff));
            case "POST /v1/admin/unauthorised-profile-reports" -> http.json(201,
                    unauthorised.reportedToStaff(http.bind(event, UnauthorisedProfiles.StaffReport.class), staff));
            case "POST /v1/admin/disclosures" -> http.json(201,
                    disclosures.record(http.bind(event, Disclosures.NewDisclosure.class), staff));
            case "POST /v1/admin/breaches" -> http.json(201, breaches.record(http.bind(event, Breaches.NewBreach.class),
                    staff));
            case "GET /v1/admin/breaches/{breachId}" -> http.json(200, breaches.view(id(event, "breachId")));
            case "POST /v1/admin/breaches/{breachId}/authority-notice" -> http.json(200, breaches.authorityNotified(
                    id(event, "breachId"), http.bind(event, Breaches.AuthorityNotice.class), staff));
            case "POST /v1/admin/breaches/{breachId}/learner-notice" -> http.json(202,
                    breaches.noticeLearners(id(event, "breachId"), staff));
            case "GET /v1/admin/privacy-report" -> http.csv(report.csv(staff, routeKey), "privacy-register.csv");
            default -> notFound();
        };
    }

    /** An entry's id from the path: anything but a UUID names no entry. */
    private static String id(APIGatewayV2HTTPEvent event, String name) {
        String id = pathParameter(event, name);
        if (!ID.matcher(id).matches()) {
            throw Refusal.NO_SUCH_REQUEST.refused();
        }
        return id.toLowerCase();
    }
}
