package coach.eco.learners.signup;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.policy.PolicyPublishing;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.publiclink.HeldRequests;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.AtOnce;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.MutableClock;
import coach.eco.learners.testing.Outbox;
import coach.eco.learners.testing.PolicyStaff;
import coach.eco.learners.testing.TestLearners;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

@ExtendWith(LocalAwsExtension.class)
class SignupFunctionIT {
    private static final MutableClock CLOCK = new MutableClock();
    private static ApplicationContext context;
    private static SignupFunction function;
    private static ProfileStore profiles;
    private static DynamoDbClient plainDynamoDb;

    @BeforeAll
    static void start() {
        context = LocalAwsExtension.contextOf("SignupFunction", CLOCK);
        function = new SignupFunction(context);
        profiles = context.getBean(ProfileStore.class);
        plainDynamoDb = DynamoDbClient.create();
    }

    @AfterAll
    static void stop() {
        plainDynamoDb.close();
        function.close();
    }

    @Test
    void newLearner_signsUp_getsVerificationEmail_andTheLinkActivatesTheProfile() {
        TestLearners.Learner learner = TestLearners.next();

        APIGatewayV2HTTPResponse response = signup(learner.signupJson(true));

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");
        Outbox.Mail mail = Outbox.onlyMailTo(learner.email());
        assertThat(mail.subject()).startsWith("Xác nhận email");
        assertThat(mail.text().indexOf("Xin chào,")).isZero();
        assertThat(mail.text()).contains("\nHello,");
        String token = Outbox.tokenIn(mail);
        assertThat(statusOf(learner)).isEqualTo(ProfileStatus.PENDING_VERIFICATION);

        APIGatewayV2HTTPResponse verified = verify(token);

        assertThat(verified.getStatusCode()).isEqualTo(200);
        assertThat(statusOf(learner)).isEqualTo(ProfileStatus.ACTIVE);
        // marketingConsent alone is the answer to news and offers; nothing else was asked, so nothing else is yes.
        Profile stored = profileOf(learner);
        assertThat(stored.consents()).extracting(PurposeAnswer::purposeId, PurposeAnswer::granted, PurposeAnswer::channel)
                .containsExactly(tuple(ConsentPurpose.NEWS_AND_OFFERS, true, PurposeAnswer.Channel.SIGNUP_FORM));
        assertThat(stored.consentsTo(ConsentPurpose.SURVEYS)).isFalse();
    }

    @Test
    void newsYesAndSurveysNo_atSignup_areExactlyTheProfilesAnswers_fromTheSignupForm_underThePolicyInForce() {
        String inForce = PolicyStaff.publishedThrough(context.getBean(PolicyPublishing.class), "notice");
        TestLearners.Learner learner = TestLearners.next();
        Map<String, Object> fields = learner.signupFields(true);
        fields.remove("marketingConsent");
        fields.put("consents", Map.of(ConsentPurpose.NEWS_AND_OFFERS, true, ConsentPurpose.SURVEYS, false));

        assertThat(signup(Json.of(fields)).getStatusCode()).isEqualTo(202);

        Profile stored = profileOf(learner);
        assertThat(stored.consents()).containsExactlyInAnyOrder(
                new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, true, stored.createdAt(),
                        PurposeAnswer.Channel.SIGNUP_FORM, inForce),
                new PurposeAnswer(ConsentPurpose.SURVEYS, false, stored.createdAt(),
                        PurposeAnswer.Channel.SIGNUP_FORM, inForce));
        assertThat(stored.consent(ConsentPurpose.PHONE_ADVICE)).as("never asked").isEmpty();
        assertThat(stored.marketingConsent().granted()).isTrue();
    }

    @Test
    void anAnswerToAPurposeNobodyAsks_isOne422AtConsents_thatNamesNoId_andNothingIsStoredOrSent() {
        TestLearners.Learner learner = TestLearners.next();
        Map<String, Object> fields = learner.signupFields(true);
        fields.put("consents", Map.of(ConsentPurpose.SURVEYS, true, "horoscope-readings", true));
        long profilesBefore = count("ProfilesTable");
        long lookupsBefore = count("LookupTable");

        APIGatewayV2HTTPResponse response = function.handleRequest(ApiEvents.request("POST", "/v1/profiles",
                Map.of("content-type", "application/json", "accept-language", "en"), Json.of(fields)), null);

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(Json.fieldErrorsOf(response.getBody())).containsExactly(List.of("consents", "/consents",
                "unknown-purpose", "names a purpose the centre does not ask consent for"));
        assertThat(response.getBody()).doesNotContain("horoscope");
        assertThat(count("ProfilesTable")).isEqualTo(profilesBefore);
        assertThat(count("LookupTable")).isEqualTo(lookupsBefore);
        assertThat(Outbox.mailTo(learner.email())).isEmpty();
    }

    @Test
    void verificationLink_usedTwice_isRefusedTheSecondTime() {
        TestLearners.Learner learner = TestLearners.next();
        signup(learner.signupJson(false));
        String token = Outbox.tokenIn(Outbox.onlyMailTo(learner.email()));

        assertThat(verify(token).getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPResponse again = verify(token);

        assertThat(again.getStatusCode()).isEqualTo(400);
        assertThat(again.getBody()).contains("invalid-link");
    }

    @Test
    void verificationLink_clickedTwiceAtOnce_worksExactlyOnce() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        signup(learner.signupJson(false));
        String token = Outbox.tokenIn(Outbox.onlyMailTo(learner.email()));

        List<APIGatewayV2HTTPResponse> clicks = AtOnce.twice(() -> verify(token));

        assertThat(clicks).extracting(APIGatewayV2HTTPResponse::getStatusCode).containsExactlyInAnyOrder(200, 400);
        assertThat(clicks).filteredOn(click -> click.getStatusCode() == 400).singleElement()
                .satisfies(used -> assertThat(used.getBody()).contains("invalid-link"));
        assertThat(statusOf(learner)).isEqualTo(ProfileStatus.ACTIVE);
        assertThat(AuditTrail.eventsOf(plainDynamoDb, profileOf(learner).profileId())).containsOnlyOnce("EMAIL_VERIFIED");
    }

    /** New email or known, a signup is answered no sooner than the response floor (see ResponseFloorTest). */
    @Test
    void signup_ofANewOrAKnownEmail_isHeldByTheResponseFloor() {
        HeldRequests floor = new HeldRequests();
        try (SignupFunction held = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction", CLOCK, floor))) {
            TestLearners.Learner learner = TestLearners.next();
            String json = learner.signupJson(false);

            Supplier<APIGatewayV2HTTPResponse> signup = () -> held.handleRequest(
                    ApiEvents.post("/v1/profiles", "application/json", json), null);

            floor.heldOnce("a new email's signup", signup);
            verify(Outbox.tokenIn(Outbox.onlyMailTo(learner.email())));
            floor.heldOnce("a known email's signup", signup);
            assertThat(Outbox.mailTo(learner.email())).as("the link, then the note to the owner").hasSize(2);
        }
    }

    @Test
    void verificationLink_afterItExpires_isRefused_andTheProfileStaysPending() {
        TestLearners.Learner learner = TestLearners.next();
        signup(learner.signupJson(false));
        String token = Outbox.tokenIn(Outbox.onlyMailTo(learner.email()));

        CLOCK.advance(Duration.ofHours(24).plusSeconds(1));
        try {
            assertThat(verify(token).getStatusCode()).isEqualTo(400);
        } finally {
            CLOCK.advance(Duration.ofHours(-24).minusSeconds(1));
        }
        assertThat(statusOf(learner)).isEqualTo(ProfileStatus.PENDING_VERIFICATION);
    }

    @Test
    void unknownOrMalformedToken_isRefused() {
        assertThat(verify("A".repeat(43)).getStatusCode()).isEqualTo(400);
        assertThat(verify("not-a-token").getStatusCode()).isEqualTo(400);
    }

    @Test
    void knownEmail_getsTheSameAnswer_createsNothing_andItsOwnerIsTold() {
        TestLearners.Learner owner = TestLearners.next();
        APIGatewayV2HTTPResponse first = signup(owner.signupJson(true));
        verify(Outbox.tokenIn(Outbox.onlyMailTo(owner.email())));
        TestLearners.Learner stranger = TestLearners.next();
        Map<String, Object> strangerWithOwnersEmail = stranger.signupFields(false);
        strangerWithOwnersEmail.put("email", owner.email().toUpperCase());

        APIGatewayV2HTTPResponse second = signup(Json.of(strangerWithOwnersEmail));

        assertThat(second.getStatusCode()).isEqualTo(first.getStatusCode());
        assertThat(second.getBody()).isEqualTo(first.getBody());
        assertThat(second.getHeaders()).isEqualTo(first.getHeaders());
        assertThat(profilesWithEmail(owner.email())).isEqualTo(1);
        List<Outbox.Mail> mails = Outbox.mailTo(owner.email());
        assertThat(mails).as("the verification email, then one notice").hasSize(2);
        Outbox.Mail notice = mails.get(1);
        assertThat(notice.subject()).contains("Someone tried to sign up");
        assertThat(notice.text()).doesNotContain(stranger.fullName()).doesNotContain("#token=");
    }

    @Test
    void pendingEmail_signedUpAgain_takesTheLaterDetailsAndConsent_andTheEarlierLinkDies() {
        TestLearners.Learner owner = TestLearners.next();
        TestLearners.Learner stranger = TestLearners.next();
        // A stranger signs up first with the owner's address, a name of their own and a "yes" to marketing.
        Map<String, Object> strangerWithOwnersEmail = stranger.signupFields(true);
        strangerWithOwnersEmail.put("email", owner.email());
        signup(Json.of(strangerWithOwnersEmail));
        signup(owner.signupJson(false));

        List<Outbox.Mail> mails = Outbox.mailTo(owner.email());
        assertThat(mails).hasSize(2);
        assertThat(mails).allSatisfy(mail -> assertThat(mail.text()).startsWith("Xin chào,")
                .doesNotContain(stranger.fullName()).doesNotContain(owner.fullName()));
        assertThat(verify(Outbox.tokenIn(mails.get(0))).getBody()).contains("invalid-link");
        assertThat(verify(Outbox.tokenIn(mails.get(1))).getStatusCode()).isEqualTo(200);

        Profile stored = profileOf(owner);
        assertThat(stored.status()).isEqualTo(ProfileStatus.ACTIVE);
        assertThat(stored.fullName().value()).isEqualTo(owner.fullName());
        assertThat(stored.phone().e164()).isEqualTo(owner.phoneE164());
        assertThat(stored.marketingConsent().granted()).isFalse();
        assertThat(profilesWithEmail(owner.email())).isEqualTo(1);
    }

    @Test
    void verificationEmail_greetsByNoName_becauseNobodyHasVerifiedIt() {
        TestLearners.Learner learner = TestLearners.next();

        signup(learner.signupJson(false));

        Outbox.Mail mail = Outbox.onlyMailTo(learner.email());
        assertThat(mail.text()).doesNotContain(learner.fullName());
        assertThat(mail.html()).doesNotContain(learner.fullName());
    }

    @Test
    void base64BodyThatIsNotBase64_isA400_andStoresNothing() {
        long profilesBefore = count("ProfilesTable");
        var event = ApiEvents.post("/v1/profiles", "application/json", "%%% not base64 %%%");
        event.setIsBase64Encoded(true);

        APIGatewayV2HTTPResponse response = function.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("urn:learner-profiles:problem:malformed-body");
        assertThat(count("ProfilesTable")).isEqualTo(profilesBefore);
    }

    @Test
    void signupsForOneAddress_pastItsHourlyLimit_sendNothingMore_andAnswerAlike() {
        TestLearners.Learner learner = TestLearners.next();
        CLOCK.withinOneHour(() -> {
            List<APIGatewayV2HTTPResponse> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(signup(learner.signupJson(false)));
            }

            assertThat(answers).allSatisfy(answer -> assertThat(answer.getStatusCode()).isEqualTo(202));
            assertThat(Outbox.mailTo(learner.email())).as("the hourly limit (EmailLinksPerHour)").hasSize(5);
        });
        CLOCK.advance(Duration.ofHours(2));
        try {
            signup(learner.signupJson(false));
        } finally {
            CLOCK.advance(Duration.ofHours(-2));
        }
        assertThat(Outbox.mailTo(learner.email())).as("a new hour, a new budget").hasSize(6);
    }

    @Test
    void twentyConcurrentSignups_withOneEmail_leaveExactlyOneProfile() throws Exception {
        TestLearners.Learner learner = TestLearners.next();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Callable<APIGatewayV2HTTPResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(() -> signup(learner.signupJson(true)));
            }
            for (Future<APIGatewayV2HTTPResponse> result : pool.invokeAll(calls)) {
                assertThat(result.get().getStatusCode()).isEqualTo(202);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(profilesWithEmail(learner.email())).isEqualTo(1);
    }

    @Test
    void mailServiceRefusing_gets503_andASecondTryStillSignsTheLearnerUp() {
        TestLearners.Learner learner = TestLearners.next();
        // SES refuses a sender it has not verified: the mail step fails after the SDK's retries.
        try (SignupFunction refusedBySes = new SignupFunction(LocalAwsExtension.contextOf("SignupFunction",
                Map.of("LEARNER_SENDER_ADDRESS", "not-verified@eco-coach.example"), CLOCK))) {
            APIGatewayV2HTTPResponse failed = refusedBySes.handleRequest(
                    ApiEvents.post("/v1/profiles", "application/json", learner.signupJson(true)), null);

            assertThat(failed.getStatusCode()).isEqualTo(503);
            assertThat(failed.getBody()).contains("urn:learner-profiles:problem:unavailable")
                    .doesNotContain(learner.email());
        }
        assertThat(Outbox.mailTo(learner.email())).isEmpty();

        assertThat(signup(learner.signupJson(true)).getStatusCode()).isEqualTo(202);

        assertThat(verify(Outbox.tokenIn(Outbox.onlyMailTo(learner.email()))).getStatusCode()).isEqualTo(200);
        assertThat(statusOf(learner)).isEqualTo(ProfileStatus.ACTIVE);
        assertThat(profilesWithEmail(learner.email())).isEqualTo(1);
    }

    @Test
    void aBlankNameABadEmailAMissingPhoneAndNoConsent_getOne422ListingAllFour_inVietnameseByDefault_andInEnglish() {
        // As a form posts it when the newsletter box is left unchecked: FormData drops the field.
        String body = Json.of(Map.of("fullName", "   ", "email", "not-an-email"));
        long profilesBefore = count("ProfilesTable");

        APIGatewayV2HTTPResponse vietnamese = function.handleRequest(
                ApiEvents.post("/v1/profiles", "application/json", body), null);
        APIGatewayV2HTTPResponse english = function.handleRequest(ApiEvents.request("POST", "/v1/profiles",
                Map.of("content-type", "application/json", "accept-language", "en-GB, vi;q=0.3"), body), null);

        assertThat(vietnamese.getStatusCode()).isEqualTo(422);
        assertThat(vietnamese.getHeaders()).containsEntry("content-language", "vi");
        assertThat(Json.field(vietnamese.getBody(), "title")).isEqualTo("Thông tin chưa hợp lệ");
        assertThat(Json.fieldErrorsOf(vietnamese.getBody())).containsExactly(
                List.of("email", "/email", "invalid-email", "Địa chỉ email không hợp lệ"),
                List.of("fullName", "/fullName", "blank", "Không được để trống"),
                List.of("marketingConsent", "/marketingConsent", "required", "Vui lòng điền trường này"),
                List.of("phone", "/phone", "required", "Vui lòng điền trường này"));
        assertThat(english.getStatusCode()).isEqualTo(422);
        assertThat(english.getHeaders()).containsEntry("content-language", "en");
        assertThat(Json.field(english.getBody(), "title")).isEqualTo("Invalid fields");
        assertThat(Json.fieldErrorsOf(english.getBody())).containsExactly(
                List.of("email", "/email", "invalid-email", "must be a valid email address"),
                List.of("fullName", "/fullName", "blank", "must not be blank"),
                List.of("marketingConsent", "/marketingConsent", "required", "is required"),
                List.of("phone", "/phone", "required", "is required"));
        assertThat(vietnamese.getBody() + english.getBody()).doesNotContain("not-an-email");
        assertThat(count("ProfilesTable")).isEqualTo(profilesBefore);
    }

    @Test
    void aMistypedConsentAndAnUnknownField_areOneEntryEach_besideTheOtherFieldsErrors() {
        TestLearners.Learner learner = TestLearners.next();
        Map<String, Object> fields = learner.signupFields(true);
        fields.put("marketingConsent", "on");
        fields.put("phone", "0912");
        fields.put("referrerCode", "lan-anh-2026");

        APIGatewayV2HTTPResponse response = signup(Json.of(fields));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(Json.fieldErrorsOf(response.getBody())).containsExactly(
                List.of("", "", "unknown-field", "Yêu cầu này chỉ nhận các trường birthYear, consents, email, "
                        + "fullName, guardianEmail, marketingConsent, phone, sixteenOrOver"),
                List.of("marketingConsent", "/marketingConsent", "wrong-type", "Phải là true hoặc false"),
                List.of("phone", "/phone", "invalid-phone", "Số điện thoại không hợp lệ"));
        assertThat(response.getBody()).doesNotContain("referrerCode", "lan-anh-2026", "0912");
    }

    static Stream<Arguments> badSignups() {
        TestLearners.Learner l = TestLearners.next();
        String valid = l.signupJson(true);
        return Stream.of(
                Arguments.of("malformed JSON", "application/json", "{\"fullName\": ", 400, null),
                Arguments.of("not an object", "application/json", "[1, 2]", 400, null),
                Arguments.of("wrong content type", "text/plain", valid, 415, null),
                Arguments.of("missing field", "application/json", without(l, "phone"), 422, "phone"),
                Arguments.of("null field", "application/json", with(l, "email", null), 422, "email"),
                Arguments.of("unknown field, not echoed", "application/json", with(l, "isStaffRole", true), 422,
                        ""),
                Arguments.of("name with digits and a link", "application/json",
                        with(l, "fullName", "Lan 0912 http://eco-coach.example.evil"), 422, "fullName"),
                Arguments.of("name with markup", "application/json", with(l, "fullName", "Lan <b>Anh</b>"), 422,
                        "fullName"),
                Arguments.of("email on a bare top-level domain", "application/json", with(l, "email", "lan@vn"), 422,
                        "email"),
                Arguments.of("email with a non-ASCII local part", "application/json",
                        with(l, "email", "lân@eco-learner.vn"), 422, "email"),
                Arguments.of("email at an IP address", "application/json", with(l, "email", "lan@[10.0.0.1]"), 422,
                        "email"),
                Arguments.of("email with a space around it", "application/json", with(l, "email", " " + l.email()),
                        422, "email"),
                Arguments.of("name with a no-break space", "application/json", with(l, "fullName", "Lan\u00A0Anh"),
                        422, "fullName"),
                Arguments.of("oversized name", "application/json", with(l, "fullName", "Lan".repeat(40)), 422,
                        "fullName"),
                Arguments.of("body over 64 KB", "application/json", with(l, "fullName", "a".repeat(70_000)), 413, null),
                Arguments.of("invalid phone", "application/json", with(l, "phone", "0912"), 422, "phone"),
                Arguments.of("invalid email", "application/json", with(l, "email", "not-an-email"), 422, "email"),
                Arguments.of("control character", "application/json", with(l, "fullName", l.fullName() + "\u0007"),
                        422, "fullName"),
                Arguments.of("consent as a string", "application/json", with(l, "marketingConsent", "yes"), 422,
                        "marketingConsent"),
                Arguments.of("consent missing", "application/json", without(l, "marketingConsent"), 422,
                        "marketingConsent"),
                Arguments.of("news answered two ways that disagree", "application/json",
                        with(l, "consents", Map.of(ConsentPurpose.NEWS_AND_OFFERS, false)), 422, "marketingConsent"),
                Arguments.of("a purpose id no purpose can have", "application/json",
                        with(l, "consents", Map.of("Surveys <b>", true)), 422, "consents"),
                Arguments.of("consents with a null answer", "application/json",
                        with(l, "consents", java.util.Collections.singletonMap(ConsentPurpose.SURVEYS, null)), 422,
                        "consents"),
                Arguments.of("consents as a list", "application/json",
                        with(l, "consents", List.of(ConsentPurpose.SURVEYS)), 422, "consents"));
    }

    /** The learner's signup body with one field set to {@code value} (null included). */
    private static String with(TestLearners.Learner learner, String field, Object value) {
        Map<String, Object> fields = learner.signupFields(true);
        fields.put(field, value);
        return Json.of(fields);
    }

    private static String without(TestLearners.Learner learner, String field) {
        Map<String, Object> fields = learner.signupFields(true);
        fields.remove(field);
        return Json.of(fields);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSignups")
    void badInput_getsAProblemResponse_andStoresNothing(String what, String contentType, String body,
                                                        int status, String field) {
        long profilesBefore = count("ProfilesTable");
        long lookupsBefore = count("LookupTable");

        APIGatewayV2HTTPResponse response = function.handleRequest(
                ApiEvents.post("/v1/profiles", contentType, body), null);

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(response.getHeaders().get("content-type")).startsWith("application/problem+json");
        assertThat(response.getBody()).contains("\"status\":" + status).contains("\"type\":\"urn:learner-profiles:problem:");
        if (field != null) {
            assertThat(response.getBody()).contains("{\"field\":\"" + field + "\"");
        }
        assertThat(response.getBody()).doesNotContain("isStaffRole", "http://", "<b>", "lân@");
        assertThat(count("ProfilesTable")).isEqualTo(profilesBefore);
        assertThat(count("LookupTable")).isEqualTo(lookupsBefore);
    }

    private static APIGatewayV2HTTPResponse signup(String json) {
        return function.handleRequest(ApiEvents.post("/v1/profiles", "application/json", json), null);
    }

    private static APIGatewayV2HTTPResponse verify(String token) {
        return function.handleRequest(ApiEvents.post("/v1/profiles/verification", "application/json",
                Json.of(Map.of("token", token))), null);
    }

    private static ProfileStatus statusOf(TestLearners.Learner learner) {
        return profileOf(learner).status();
    }

    private static Profile profileOf(TestLearners.Learner learner) {
        String key = context.getBean(EmailLookupKeys.class).lookupKeyOf(EmailAddress.parse(learner.email()));
        String profileId = profiles.findEmail(key).orElseThrow().profileId();
        return profiles.find(profileId).orElseThrow();
    }

    private static long profilesWithEmail(String email) {
        String key = context.getBean(EmailLookupKeys.class).lookupKeyOf(EmailAddress.parse(email));
        return plainDynamoDb.scanPaginator(request -> request
                        .tableName(LocalAwsExtension.aws().physicalId("ProfilesTable"))
                        .filterExpression("emailLookupKey = :key")
                        .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(key))))
                .items().stream().count();
    }

    private static long count(String logicalTable) {
        return plainDynamoDb.scanPaginator(request -> request
                .tableName(LocalAwsExtension.aws().physicalId(logicalTable))).items().stream().count();
    }
}
