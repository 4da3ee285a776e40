package coach.eco.learners.staff;

import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.deletion.DeletionInForce;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.purge.ErasureService;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.FunctionsUnderTest;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LearnerSetUp;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.RawTables;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.testing.TestStaff;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static coach.eco.learners.testing.LearnerSetUp.field;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff routes as API Gateway passes them on after IAM: legal holds, profile lookups, policy
 * publishing and unsubscribe links; who is admitted, what is refused, and what the audit trail keeps.
 */
@ExtendWith(LocalAwsExtension.class)
class StaffFunctionIT {
    private static final MutableClock CLOCK = new MutableClock();
    /** Past the template's default grace period (70 hours). */
    private static final Duration PAST_GRACE = Duration.ofHours(70).plusMinutes(1);
    private static final String STAFF = TestStaff.SESSION;
    private static final String HOLD_ROUTE = "/v1/admin/profiles/{profileId}/legal-hold";
    private static final String HOLD_REASON = TestLearners.pii("Tranh chấp học phí với Nguyễn Văn Bình");

    private static final FunctionsUnderTest FUNCTIONS = new FunctionsUnderTest();

    private static StaffFunction staff;
    private static PolicyStaff policyStaff;
    private static ErasureService erasure;
    private static ApplicationContext onTestClock;
    private static LearnerSetUp learners;
    private static DeletionInForce deletionInForce;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        // Learners sign up and ask for deletion through core's services, on the test clock.
        onTestClock = LocalAwsExtension.contextOf("StaffFunction", CLOCK);
        learners = new LearnerSetUp(onTestClock);
        deletionInForce = onTestClock.getBean(DeletionInForce.class);
        // Staff act now: publishing dates a version in Vietnam's zone, which the test clock does not move.
        staff = FUNCTIONS.start(StaffFunction::new, "StaffFunction");
        policyStaff = new PolicyStaff(staff);
        // The hourly purge runs this service; the tests call it as the purge does, on the test clock.
        erasure = onTestClock.getBean(ErasureService.class);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() throws Exception {
        plainDynamoDb.close();
        FUNCTIONS.close();
        onTestClock.close();
    }

    @AfterEach
    void backToNow() {
        CLOCK.reset();
    }

    @Test
    void legalHold_stopsErasure_showsToTheLearner_andIsAuditedWithoutItsReason() {
        Requested requested = signedUpWithDeletionRequested();
        TestLearners.Learner learner = requested.learner();
        String profileId = requested.profileId();

        APIGatewayV2HTTPResponse held = hold("PUT", "", profileId, STAFF, HOLD_REASON, "HS-2026/114");

        assertThat(held.getStatusCode()).isEqualTo(200);
        assertThat(held.getBody()).contains("\"held\":true", "HS-2026/114", TestStaff.ROLE)
                .doesNotContain(TestStaff.SESSION_NAME);
        assertThat(hold("PUT", "", profileId, STAFF, HOLD_REASON, "HS-2026/115").getStatusCode())
                .as("one hold at a time").isEqualTo(409);
        assertThat(learners.profileJson(learners.signIn(learner.email())))
                .contains("\"onLegalHold\":true").doesNotContain(HOLD_REASON, "HS-2026");
        CLOCK.advance(PAST_GRACE);
        assertThat(erasure.erase(profileId)).as("held").isFalse();
        assertThat(RawTables.itemsMentioning(plainDynamoDb, profileId)).isNotEmpty();

        APIGatewayV2HTTPResponse released = hold("POST", "/release", profileId, STAFF,
                TestLearners.pii("Tranh chấp đã giải quyết"), "HS-2026/114");

        assertThat(released.getStatusCode()).isEqualTo(200);
        assertThat(released.getBody()).contains("\"held\":false", "\"releasedBy\":\"" + TestStaff.ROLE + "\"");
        assertThat(erasure.erase(profileId)).as("due, and no longer held").isTrue();
        List<Map<String, AttributeValue>> trail = AuditTrail.recordsOf(plainDynamoDb, profileId);
        assertThat(trail).filteredOn(record -> record.get("event").s().startsWith("LEGAL_HOLD"))
                .hasSize(2)
                .allSatisfy(record -> assertActedAs(record, TestStaff.ROLE, TestStaff.SESSION_NAME));
        assertThat(trail.toString()).doesNotContain(HOLD_REASON, "HS-2026", "giải quyết");
    }

    @Test
    void staffFindTheProfileBehindAnEmail_andEachLookupIsAudited_foundOrNot() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.profile(learners.signedUpAndSignedIn(learner)).profileId();

        APIGatewayV2HTTPResponse found = lookup(learner.email().toUpperCase(), STAFF);

        assertThat(found.getStatusCode()).isEqualTo(200);
        assertThat(field(found.getBody(), "profileId")).isEqualTo(profileId);
        assertThat(found.getBody()).doesNotContain(learner.email(), learner.fullName());
        String missSession = TestStaff.uniqueSessionName();
        assertThat(lookup(TestLearners.next().email(), TestStaff.SESSION.replace(TestStaff.SESSION_NAME, missSession))
                .getStatusCode()).isEqualTo(404);
        assertThat(lookup(learner.email(), null).getStatusCode()).as("not IAM-signed").isEqualTo(403);
        assertThat(AuditTrail.recordsOf(plainDynamoDb, profileId))
                .filteredOn(record -> record.get("event").s().equals("PROFILE_LOOKED_UP"))
                .singleElement()
                .satisfies(record -> assertActedAs(record, TestStaff.ROLE, TestStaff.SESSION_NAME));
        assertThat(staffAccessRecordsOf(missSession)).singleElement().satisfies(record -> {
            assertThat(record.get("event").s()).isEqualTo("PROFILE_LOOKUP_MISSED");
            assertActedAs(record, TestStaff.ROLE, missSession);
        });
        assertThat(RawTables.everything(plainDynamoDb)).doesNotContain(learner.email().toUpperCase());
    }

    @Test
    void staffCall_fromARoleNotInTheStaffList_isRefused_andAudited_evenThoughIamLetItThrough() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.profile(learners.signedUpAndSignedIn(learner)).profileId();
        String session = TestStaff.uniqueSessionName();
        String administrator = TestStaff.sessionOfAnotherRole(session);

        APIGatewayV2HTTPResponse lookedUp = lookup(learner.email(), administrator);
        APIGatewayV2HTTPResponse held = hold("PUT", "", profileId, administrator, "lý do", "ref");
        APIGatewayV2HTTPResponse byUser = lookup(learner.email(), "arn:aws:iam::123456789012:user/" + session);

        assertThat(List.of(lookedUp, held, byUser)).allSatisfy(response -> {
            assertThat(response.getStatusCode()).isEqualTo(403);
            assertThat(response.getBody()).doesNotContain(profileId);
        });
        assertThat(staffAccessRecordsOf(session)).hasSize(2).allSatisfy(record -> {
            assertThat(record.get("event").s()).isEqualTo("STAFF_CALL_REFUSED");
            assertActedAs(record, "arn:aws:iam::123456789012:role/AdministratorAccess", session);
        }).extracting(record -> record.get("route").s()).containsExactlyInAnyOrder(
                "POST /v1/admin/profile-lookups", "PUT /v1/admin/profiles/{profileId}/legal-hold");
        assertThat(AuditTrail.recordsOf(plainDynamoDb, AuditLog.STAFF_ACCESS))
                .anySatisfy(record -> assertThat(record.get("actor").s())
                        .isEqualTo("arn:aws:iam::123456789012:user/" + session));
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId))
                .doesNotContain("PROFILE_LOOKED_UP", "LEGAL_HOLD_PLACED");
    }

    @Test
    void staffLookups_pastTheRolesHourlyLimit_areRefused_andAudited() {
        String role = "arn:aws:iam::123456789012:role/staff/clerk-" + UUID.randomUUID();
        String session = TestStaff.uniqueSessionName();
        String caller = "arn:aws:sts::123456789012:assumed-role/" + role.substring(role.lastIndexOf('/') + 1)
                + "/" + session;
        try (StaffFunction limited = new StaffFunction(LocalAwsExtension.contextOf(
                "StaffFunction",
                Map.of("LEARNER_STAFF_ROLE_ARNS", role, "LEARNER_STAFF_LOOKUPS_PER_HOUR", "2"), CLOCK))) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                statuses.add(limited.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/profile-lookups",
                        Map.of(), caller, Json.of(Map.of("email", TestLearners.next().email()))), null)
                        .getStatusCode());
            }

            assertThat(statuses).containsExactly(404, 404, 429);
        }
        assertThat(staffAccessRecordsOf(session)).extracting(record -> record.get("event").s())
                .containsExactlyInAnyOrder("PROFILE_LOOKUP_MISSED", "PROFILE_LOOKUP_MISSED", "STAFF_LOOKUP_THROTTLED");
    }

    @Test
    void legalHoldRoutes_refuseUnsignedCallers_unknownProfiles_andIncompleteNotes() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.profile(learners.signedUpAndSignedIn(learner)).profileId();

        assertThat(hold("PUT", "", profileId, null, "lý do", "ref").getStatusCode()).isEqualTo(403);
        assertThat(hold("PUT", "", "00000000-0000-4000-8000-000000000000", STAFF, "lý do", "ref").getStatusCode())
                .isEqualTo(404);
        assertThat(hold("PUT", "", "not-an-id", STAFF, "lý do", "ref").getStatusCode()).isEqualTo(404);
        APIGatewayV2HTTPResponse noReason = hold("PUT", "", profileId, STAFF, " ", "ref");
        assertThat(noReason.getStatusCode()).isEqualTo(422);
        assertThat(noReason.getBody()).contains("\"field\":\"reason\"");
        assertThat(hold("POST", "/release", profileId, STAFF, "lý do", "ref").getStatusCode())
                .as("nothing to lift").isEqualTo(409);
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileId)).noneMatch(event -> event.startsWith("LEGAL_HOLD"));
    }

    @Test
    void rawTables_withRequestsAndHolds_holdNoPlaintextPii() {
        Requested requested = signedUpWithDeletionRequested();
        TestLearners.Learner learner = requested.learner();
        String profileId = requested.profileId();
        hold("PUT", "", profileId, STAFF, HOLD_REASON, "HS-2026/200");

        String everything = RawTables.everything(plainDynamoDb);

        assertThat(everything).contains(profileId)
                .doesNotContain(learner.fullName(), learner.email(), learner.phoneE164(), HOLD_REASON, "HS-2026/200");
    }

    @Test
    void publishingTheSameIdTwice_isRefused_andTheFirstVersionStands() {
        String versionId = policyStaff.published("consent");

        APIGatewayV2HTTPResponse again = policyStaff.publish(PolicyStaff.draft(versionId, "notice"));

        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(again.getBody()).contains("version-exists");
        assertThat(policyStaff.read(versionId).getBody()).contains("\"kind\":\"consent\"");
    }

    @Test
    void badDraft_isRefusedFieldByField_andPublishesNothing() {
        String versionId = PolicyStaff.newVersionId();
        Map<String, Object> draft = PolicyStaff.draftFields(versionId, "maybe");
        draft.put("effectiveDate", "2020-01-01");
        draft.put("policyUrl", "http://eco-coach.example/chinh-sach/" + versionId);

        APIGatewayV2HTTPResponse refused = policyStaff.publish(Json.of(draft));

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(refused.getBody()).contains("\"field\":\"effectiveDate\"", "\"field\":\"kind\"",
                "\"field\":\"policyUrl\"");
        assertThat(policyStaff.read(versionId).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aDraftDatedInYear10000_linkingToAnIpAddress_isRefused_andPublishesNothing() {
        String versionId = PolicyStaff.newVersionId();
        Map<String, Object> draft = PolicyStaff.draftFields(versionId, "notice");
        draft.put("effectiveDate", "+10000-01-01");
        draft.put("policyUrl", "https://203.0.113.7/chinh-sach/" + versionId);

        APIGatewayV2HTTPResponse refused = policyStaff.publish(Json.of(draft));

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(refused.getBody()).contains("\"field\":\"effectiveDate\"", "\"field\":\"policyUrl\"")
                .doesNotContain("+10000-01-01", "203.0.113.7");
        assertThat(policyStaff.read(versionId).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aLinkOffTheWebsitesOrigin_isRefusedWithTheDraftsOtherErrors_inOneAnswer_andPublishesNothing() {
        String versionId = PolicyStaff.newVersionId();
        Map<String, Object> draft = PolicyStaff.draftFields(versionId, "maybe");
        draft.put("effectiveDate", "2020-01-01");
        // A well-formed https link, on a host that only begins like the website's.
        draft.put("policyUrl", "https://eco-coach.example.phish.test/chinh-sach/" + versionId);

        APIGatewayV2HTTPResponse refused = policyStaff.publish(Json.of(draft));

        assertThat(refused.getStatusCode()).isEqualTo(422);
        assertThat(refused.getBody()).contains("\"field\":\"effectiveDate\"", "\"field\":\"kind\"",
                "\"field\":\"policyUrl\"");
        assertThat(policyStaff.read(versionId).getStatusCode()).isEqualTo(404);
        draft.put("kind", "notice");
        draft.put("effectiveDate", PolicyStaff.draftFields(versionId, "notice").get("effectiveDate"));
        APIGatewayV2HTTPResponse alone = policyStaff.publish(Json.of(draft));
        assertThat(alone.getStatusCode()).isEqualTo(422);
        assertThat(alone.getBody()).contains("\"field\":\"policyUrl\"")
                .doesNotContain("\"field\":\"kind\"", "\"field\":\"effectiveDate\"", "phish");
        assertThat(policyStaff.read(versionId).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aStaffRoleOutsideThePublisherRoles_cannotPublishApproveAnnounceOrMintLinks_andEachRefusalIsAudited() {
        String profileId = learners.profile(learners.signedUpAndSignedIn(TestLearners.next())).profileId();
        String announced = policyStaff.published("notice");
        String clerk = "arn:aws:iam::123456789012:role/staff/clerk-" + UUID.randomUUID();
        String session = TestStaff.uniqueSessionName();
        String caller = "arn:aws:sts::123456789012:assumed-role/" + clerk.substring(clerk.lastIndexOf('/') + 1)
                + "/" + session;
        String versionId = PolicyStaff.newVersionId();
        try (StaffFunction staffOfTwoRoles = new StaffFunction(LocalAwsExtension.contextOf("StaffFunction",
                Map.of("LEARNER_STAFF_ROLE_ARNS", TestStaff.ROLE + "," + clerk), CLOCK))) {
            PolicyStaff asClerk = new PolicyStaff(staffOfTwoRoles, caller);

            List<APIGatewayV2HTTPResponse> refused = List.of(asClerk.publish(PolicyStaff.draft(versionId, "notice")),
                    asClerk.approve(versionId), asClerk.announceAgain(announced),
                    asClerk.unsubscribeLinks(List.of(profileId)));

            assertThat(refused).allSatisfy(response -> {
                assertThat(response.getStatusCode()).isEqualTo(403);
                assertThat(response.getBody()).doesNotContain("List-Unsubscribe", "newsletter-unsubscribe/");
            });
            assertThat(asClerk.read(announced).getStatusCode()).as("a staff role still reads counts").isEqualTo(200);
        }
        assertThat(policyStaff.read(versionId).getStatusCode()).isEqualTo(404);
        assertThat(staffAccessRecordsOf(session)).allSatisfy(record -> {
            assertThat(record.get("event").s()).isEqualTo("STAFF_CALL_REFUSED");
            assertActedAs(record, clerk, session);
        }).extracting(record -> record.get("route").s()).containsExactlyInAnyOrder(
                "POST /v1/admin/policy-versions", "POST /v1/admin/policy-versions/{versionId}/approval",
                "POST /v1/admin/policy-versions/{versionId}/notification",
                "POST /v1/admin/newsletter-unsubscribe-links");
    }

    @Test
    void publishing_approving_announcingAgain_andMintingLinks_areEachAuditedWithTheRoleAndTheSessionName() {
        String profileId = learners.profile(learners.signedUpAndSignedIn(TestLearners.next())).profileId();
        String session = TestStaff.uniqueSessionName();
        String approverSession = TestStaff.uniqueSessionName();
        PolicyStaff inSession = new PolicyStaff(staff, TestStaff.SESSION.replace(TestStaff.SESSION_NAME, session));
        PolicyStaff approver = new PolicyStaff(staff,
                TestStaff.SESSION.replace(TestStaff.SESSION_NAME, approverSession));
        String versionId = PolicyStaff.newVersionId();

        assertThat(inSession.publish(PolicyStaff.draft(versionId, "notice")).getStatusCode()).isEqualTo(201);
        assertThat(approver.approve(versionId).getStatusCode()).isEqualTo(200);
        assertThat(inSession.announceAgain(versionId).getStatusCode()).isEqualTo(202);
        assertThat(inSession.unsubscribeLinks(List.of(profileId)).getStatusCode()).isEqualTo(200);

        assertThat(staffAccessRecordsOf(session)).allSatisfy(record -> assertActedAs(record, TestStaff.ROLE, session))
                .extracting(record -> record.get("event").s() + " " + record.get("route").s())
                .containsExactlyInAnyOrder(
                        "POLICY_VERSION_PUBLISHED POST /v1/admin/policy-versions",
                        "POLICY_VERSION_ANNOUNCED_AGAIN POST /v1/admin/policy-versions/{versionId}/notification",
                        "UNSUBSCRIBE_LINKS_MINTED POST /v1/admin/newsletter-unsubscribe-links");
        assertThat(staffAccessRecordsOf(approverSession)).singleElement().satisfies(record -> {
            assertThat(record.get("event").s()).isEqualTo("POLICY_VERSION_APPROVED");
            assertThat(record.get("versionId").s()).isEqualTo(versionId);
            assertActedAs(record, TestStaff.ROLE, approverSession);
        });
        assertThat(staffAccessRecordsOf(session)).filteredOn(record -> record.containsKey("versionId"))
                .extracting(record -> record.get("versionId").s()).containsOnly(versionId).hasSize(2);
        assertThat(staffAccessRecordsOf(session).toString()).doesNotContain(profileId);
    }

    @Test
    void aVersion_isApprovedOnce_byASessionOtherThanItsPublishers_andNotAnnouncedBeforeThat() {
        PolicyStaff publisher = new PolicyStaff(staff,
                TestStaff.SESSION.replace(TestStaff.SESSION_NAME, TestStaff.uniqueSessionName()));
        PolicyStaff second = new PolicyStaff(staff,
                TestStaff.SESSION.replace(TestStaff.SESSION_NAME, TestStaff.uniqueSessionName()));
        String versionId = PolicyStaff.newVersionId();
        assertThat(publisher.publish(PolicyStaff.draft(versionId, "notice")).getStatusCode()).isEqualTo(201);

        APIGatewayV2HTTPResponse announcedEarly = publisher.announceAgain(versionId);
        APIGatewayV2HTTPResponse ownApproval = publisher.approve(versionId);
        APIGatewayV2HTTPResponse approved = second.approve(versionId);
        APIGatewayV2HTTPResponse approvedAgain = policyStaff.approve(versionId);

        assertThat(announcedEarly.getStatusCode()).isEqualTo(409);
        assertThat(announcedEarly.getBody()).contains("not-approved");
        assertThat(ownApproval.getStatusCode()).isEqualTo(409);
        assertThat(ownApproval.getBody()).contains("own-publication");
        assertThat(approved.getStatusCode()).as(approved.getBody()).isEqualTo(200);
        assertThat(approved.getBody()).contains("\"approvedBy\":\"" + TestStaff.ROLE + "\"", "\"approvedAt\":\"");
        assertThat(approvedAgain.getStatusCode()).isEqualTo(409);
        assertThat(approvedAgain.getBody()).contains("already-approved");
        assertThat(publisher.announceAgain(versionId).getStatusCode()).isEqualTo(202);
        assertThat(policyStaff.approve(PolicyStaff.newVersionId()).getStatusCode()).isEqualTo(404);
    }

    @Test
    void publishing_withoutStaffIamIdentity_isForbidden() {
        APIGatewayV2HTTPResponse unsigned = staff.handleRequest(ApiEvents.iamRequest("POST",
                "/v1/admin/policy-versions", Map.of(), null, PolicyStaff.draft(PolicyStaff.newVersionId(), "notice")),
                null);

        assertThat(unsigned.getStatusCode()).isEqualTo(403);
    }

    @Test
    void unsubscribeLinks_forWhatIsNoProfileId_areRefusedAsInvalidFields_notLookedUp() {
        for (List<String> ids : List.of(List.of(""), Arrays.asList((String) null), List.of("learner-1"))) {
            APIGatewayV2HTTPResponse links = staff.handleRequest(ApiEvents.iamRequest("POST",
                    "/v1/admin/newsletter-unsubscribe-links", Map.of(), PolicyStaff.STAFF,
                    Json.of(Map.of("profileIds", ids))), null);

            assertThat(links.getStatusCode()).as("%s", ids).isEqualTo(422);
            assertThat(links.getBody()).as("%s", ids).contains("\"field\":\"profileIds\"");
        }
    }

    @Test
    void staff_addAConsentPurpose_listedAtOnceAfterTheBuiltInOnes_audited_andATakenIdOrAnOutsiderIsRefused() {
        String purposeId = "workshops-" + UUID.randomUUID().toString().substring(0, 8);
        String outsidersId = "raffles-" + UUID.randomUUID().toString().substring(0, 8);
        String outsider = TestStaff.uniqueSessionName();

        APIGatewayV2HTTPResponse added = addPurpose(purposeId, STAFF);

        assertThat(added.getStatusCode()).isEqualTo(201);
        assertThat(Json.read(added.getBody(), ConsentPurpose.class)).isEqualTo(new ConsentPurpose(purposeId,
                "Hội thảo", "Workshops", "Lời mời tham dự hội thảo của Eco Coach.", "Invitations to Eco Coach's workshops.",
                false));
        List<ConsentPurpose> listed = onTestClock.getBean(ConsentPurposeStore.class).all();
        assertThat(listed.subList(0, 3)).isEqualTo(ConsentPurpose.BUILT_IN);
        assertThat(listed).extracting(ConsentPurpose::purposeId).containsOnlyOnce(purposeId);
        for (String taken : List.of(purposeId, ConsentPurpose.SURVEYS)) {
            APIGatewayV2HTTPResponse again = addPurpose(taken, STAFF);
            assertThat(again.getStatusCode()).as(taken).isEqualTo(409);
            assertThat(again.getBody()).contains("urn:learner-profiles:problem:purpose-exists");
        }
        assertThat(addPurpose("Workshops <b>", STAFF).getBody()).contains("\"field\":\"purposeId\"")
                .doesNotContain("<b>");
        assertThat(addPurpose(outsidersId, TestStaff.sessionOfAnotherRole(outsider)).getStatusCode()).isEqualTo(403);
        assertThat(onTestClock.getBean(ConsentPurposeStore.class).all()).extracting(ConsentPurpose::purposeId)
                .doesNotContain(outsidersId).containsOnlyOnce(purposeId, ConsentPurpose.SURVEYS);
        assertThat(AuditTrail.recordsOf(plainDynamoDb, AuditLog.STAFF_ACCESS))
                .filteredOn(record -> record.get("event").s().equals("CONSENT_PURPOSE_ADDED")
                        && record.get("purposeId").s().equals(purposeId))
                .singleElement().satisfies(record -> {
                    assertActedAs(record, TestStaff.ROLE, TestStaff.SESSION_NAME);
                    assertThat(record.get("route").s()).isEqualTo("POST /v1/admin/consent-purposes");
                });
        assertThat(staffAccessRecordsOf(outsider)).singleElement()
                .satisfies(record -> assertThat(record.get("event").s()).isEqualTo("STAFF_CALL_REFUSED"));
    }

    private static APIGatewayV2HTTPResponse addPurpose(String purposeId, String caller) {
        return staff.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/consent-purposes", Map.of(), caller,
                Json.of(Map.of("purposeId", purposeId, "nameVi", "Hội thảo", "nameEn", "Workshops",
                        "descriptionVi", "Lời mời tham dự hội thảo của Eco Coach.",
                        "descriptionEn", "Invitations to Eco Coach's workshops."))), null);
    }

    /** A confirmed learner who has just asked, signed in, for deletion. */
    private record Requested(TestLearners.Learner learner, String profileId) {
    }

    private static Requested signedUpWithDeletionRequested() {
        TestLearners.Learner learner = TestLearners.next();
        String profileId = learners.profile(learners.signedUpAndSignedIn(learner)).profileId();
        assertThat(deletionInForce.request(profileId, DeletionKind.DELETE).created()).isTrue();
        return new Requested(learner, profileId);
    }

    private static APIGatewayV2HTTPResponse hold(String method, String suffix, String profileId, String caller,
                                                 String reason, String reference) {
        APIGatewayV2HTTPEvent event = ApiEvents.iamRequest(method, HOLD_ROUTE + suffix,
                new HashMap<>(Map.of("profileId", profileId)), caller,
                Json.of(Map.of("reason", reason, "reference", reference)));
        return staff.handleRequest(event, null);
    }

    private static APIGatewayV2HTTPResponse lookup(String email, String caller) {
        return staff.handleRequest(ApiEvents.iamRequest("POST", "/v1/admin/profile-lookups", Map.of(), caller,
                Json.of(Map.of("email", email))), null);
    }

    private static void assertActedAs(Map<String, AttributeValue> record, String role, String sessionName) {
        assertThat(record.get("actor").s()).isEqualTo(role);
        assertThat(record.get("actorSession").s()).isEqualTo(sessionName);
    }

    /** The audit records of staff calls that reached no profile, made in the named session. */
    private static List<Map<String, AttributeValue>> staffAccessRecordsOf(String sessionName) {
        return AuditTrail.recordsOf(plainDynamoDb, AuditLog.STAFF_ACCESS).stream()
                .filter(record -> record.containsKey("actorSession")
                        && record.get("actorSession").s().equals(sessionName))
                .toList();
    }
}
