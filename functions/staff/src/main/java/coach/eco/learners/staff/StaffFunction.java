package coach.eco.learners.staff;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.consent.ConsentPurposeDraft;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.http.HttpFunction;
import coach.eco.learners.mailing.MailingDraft;
import coach.eco.learners.mailing.Mailings;
import coach.eco.learners.mailing.OneClickUnsubscribe;
import coach.eco.learners.policy.PolicyDraft;
import coach.eco.learners.policy.PolicyPublishing;
import coach.eco.learners.profile.EmailForm;
import coach.eco.learners.profile.HoldNote;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Lambda handler: the staff routes, IAM-signed and admitted only for the roles in StaffRoleArns:
 * legal holds, finding the profile behind an email, publishing policy versions and reading their
 * counts, the newsletter's unsubscribe links, adding consent purposes, listing the learners who said yes to one
 * (with the phones advice by phone needs) and the mailings per consent purpose; publishing, approving,
 * announcing, minting links and sending a mailing only for the roles also in PublisherRoleArns. No learner route
 * runs here, and no learner
 * function holds the rights these need.
 */
public class StaffFunction extends HttpFunction {
    /**
     * Routes that reach every learner (a policy mailing, unsubscribe links, sending a purpose mailing): publisher
     * roles only. Composing a mailing and counting whom it reaches mails nobody: any staff role.
     */
    private static final Set<String> PUBLISHER_ROUTES = Set.of("POST /v1/admin/policy-versions",
            "POST /v1/admin/policy-versions/{versionId}/approval",
            "POST /v1/admin/policy-versions/{versionId}/notification", "POST /v1/admin/newsletter-unsubscribe-links",
            "POST /v1/admin/mailings/{mailingId}/sending");
    private static final Pattern PROFILE_ID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    @Serdeable
    record ProfileIds(@NotNull @Size(min = 1, max = 100)
                      List<String> profileIds) {

        /** The ids, each of a profile id's shape: anything else is refused, never looked up. */
        List<String> checked() {
            if (profileIds.stream().anyMatch(id -> id == null || !PROFILE_ID.matcher(id).matches())) {
                throw Refused.invalidField("profileIds", FieldCode.INVALID_FORMAT, "profile-id");
            }
            return profileIds;
        }
    }

    @Inject
    StaffAccess staffAccess;

    @Inject
    LegalHoldService holds;

    @Inject
    ProfileLookupByEmail lookups;

    @Inject
    PolicyPublishing publishing;

    @Inject
    OneClickUnsubscribe unsubscribe;

    @Inject
    Mailings mailings;

    @Inject
    ConsentPurposeStore purposes;

    @Inject
    ConsentingLearners consentingLearners;

    public StaffFunction() {
    }

    public StaffFunction(ApplicationContext context) {
        super(context);
    }

    // No priming requests: every route admits its caller first and audits a refusal, so no sample
    // request leaves the tables as they were. Priming still warms encryption, KMS and the adapter.

    @Override
    protected APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event) {
        StaffCaller staff = staffAccess.admit(iamCallerArn(event), routeKey);
        if (PUBLISHER_ROUTES.contains(routeKey)) {
            staffAccess.admitPublisher(staff, routeKey);
        }
        return switch (routeKey) {
            case "POST /v1/admin/profile-lookups" ->
                    http.json(200, lookups.find(http.bind(event, EmailForm.class).address(), staff, routeKey));
            case "PUT /v1/admin/profiles/{profileId}/legal-hold" ->
                    http.json(200, holds.place(profileIdIn(event), http.bind(event, HoldNote.class), staff));
            case "POST /v1/admin/profiles/{profileId}/legal-hold/release" ->
                    http.json(200, holds.release(profileIdIn(event), http.bind(event, HoldNote.class), staff));
            case "POST /v1/admin/policy-versions" ->
                    http.json(201, publishing.publish(http.bind(event, PolicyDraft.class, publishing::linkErrors), staff,
                            routeKey));
            case "GET /v1/admin/policy-versions/{versionId}" ->
                    http.json(200, publishing.forStaff(PolicyPublishing.versionIdIn(pathParameter(event, "versionId"))));
            case "POST /v1/admin/policy-versions/{versionId}/approval" -> http.json(200,
                    publishing.approve(PolicyPublishing.versionIdIn(pathParameter(event, "versionId")), staff,
                            routeKey));
            case "POST /v1/admin/policy-versions/{versionId}/notification" -> http.json(202,
                    publishing.announceAgain(PolicyPublishing.versionIdIn(pathParameter(event, "versionId")), staff,
                            routeKey));
            case "POST /v1/admin/newsletter-unsubscribe-links" -> {
                List<String> profileIds = http.bind(event, ProfileIds.class).checked();
                // Audited before any link exists: each one turns a learner's newsletter off.
                staffAccess.auditWithoutProfile(AuditEvent.UNSUBSCRIBE_LINKS_MINTED, staff, routeKey,
                        Map.of("profileIds", String.valueOf(profileIds.size())));
                yield http.json(200, Map.of("links", unsubscribe.newsletterHeadersFor(profileIds)));
            }
            case "POST /v1/admin/consent-purposes" -> http.json(201, purposes.add(
                    http.bind(event, ConsentPurposeDraft.class), staff.roleArn(), auditFacts(staff, routeKey)));
            case "POST /v1/admin/mailings" ->
                    http.json(201, mailings.compose(http.bind(event, MailingDraft.class), staff, routeKey));
            case "GET /v1/admin/mailings/{mailingId}" ->
                    http.json(200, mailings.forStaff(pathParameter(event, "mailingId")));
            case "POST /v1/admin/mailings/{mailingId}/sending" ->
                    http.json(202, mailings.send(pathParameter(event, "mailingId"), staff, routeKey));
            case "GET /v1/admin/consent-purposes/{purposeId}/consenting-learners" -> http.json(200,
                    consentingLearners.page(pathParameter(event, "purposeId"), queryParameter(event, "cursor"),
                            limitIn(event), staff, routeKey));
            default -> notFound();
        };
    }

    /** Who acted, and through which route, as the audit trail records a staff call. */
    private static Map<String, String> auditFacts(StaffCaller staff, String routeKey) {
        Map<String, String> facts = new HashMap<>(staff.auditFacts());
        facts.put("route", routeKey);
        return facts;
    }

    /** The page size asked for: 1 to 100, or the default when the query names none. */
    private static int limitIn(APIGatewayV2HTTPEvent event) {
        String limit = queryParameter(event, "limit");
        if (limit == null) {
            return ConsentingLearners.DEFAULT_LIMIT;
        }
        if (!limit.matches("[1-9][0-9]{0,2}") || Integer.parseInt(limit) > ConsentingLearners.MOST_LIMIT) {
            throw Refused.invalidField("limit", FieldCode.OUT_OF_RANGE);
        }
        return Integer.parseInt(limit);
    }

    private static String profileIdIn(APIGatewayV2HTTPEvent event) {
        String id = pathParameter(event, "profileId");
        if (!PROFILE_ID.matcher(id).matches()) {
            throw Refusal.NO_SUCH_PROFILE.refused();
        }
        return id;
    }
}
