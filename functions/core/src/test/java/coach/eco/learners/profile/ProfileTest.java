package coach.eco.learners.profile;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.consent.PolicyAnswer;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.time.VietnamTime;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each change of a profile sets what it names, and keeps every other part as it was. */
class ProfileTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T02:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-25T03:00:00Z");
    private static final PurposeAnswer FIRST_CONSENT = new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, true, CREATED, PurposeAnswer.Channel.SIGNUP_FORM, "2024-06-01");
    private static final LegalHold HOLD = LegalHold.placed(new HoldNote("tranh chấp hợp đồng", "HS-2026/001"),
            "arn:aws:iam::123456789012:user/records-officer", CREATED.plus(Duration.ofDays(2)));
    private static final PolicyAnswer FIRST_ANSWER = new PolicyAnswer("2025-01-01", true,
            CREATED.plus(Duration.ofDays(3)), PolicyAnswer.AnswerChannel.SIGNED_IN, "hash-1");

    /** Every component set, and set apart from what any change writes. */
    private static final Profile WARNED = new Profile("profile-1", new FullName("Nguyễn Thị Lan"),
            new PhoneNumber("+84912345678"), new EmailAddress("lan@example.vn"), "key-of-lan", ProfileStatus.ACTIVE,
            List.of(FIRST_CONSENT), CREATED, CREATED.plus(Duration.ofDays(5)), CREATED.plus(Duration.ofHours(1)),
            CREATED.plus(Duration.ofDays(400)), new EmailAddress("lan.new@example.vn"), "key-of-new",
            null, List.of(HOLD), List.of(FIRST_ANSWER), CREATED.plus(Duration.ofDays(6)),
            NOW.plus(Duration.ofDays(30)), 7, new Guardian(2014, new EmailAddress("me.lan@example.vn"), "email#guardian",
            CREATED.plus(Duration.ofMinutes(30)), CREATED.plus(Duration.ofMinutes(20))));

    /** What every change the learner makes writes: a new version, updated and active now, no countdown. */
    private static Map<String, Object> learnerChange(Object... changed) {
        Map<String, Object> expected = changes(changed);
        expected.putIfAbsent("updatedAt", NOW);
        expected.putIfAbsent("lastActiveAt", NOW);
        expected.put("inactivityErasureAt", null);
        expected.put("version", 8L);
        return expected;
    }

    @Test
    void pending_waitsForVerification_withTheFirstConsentOnly() {
        Instant expiresAt = NOW.plus(Duration.ofDays(1));

        Profile pending = Profile.pending("profile-2", WARNED.fullName(), WARNED.phone(), WARNED.email(), "key-of-lan",
                List.of(FIRST_CONSENT), NOW, expiresAt, null);

        assertThat(pending).isEqualTo(new Profile("profile-2", WARNED.fullName(), WARNED.phone(), WARNED.email(),
                "key-of-lan", ProfileStatus.PENDING_VERIFICATION, List.of(FIRST_CONSENT), NOW, NOW, null, expiresAt,
                null, null, null, List.of(), List.of(), NOW, null, 1, null));
    }

    @Test
    void verified_activatesTheProfile_andEndsItsExpiry() {
        Profile pending = Profile.pending("profile-2", WARNED.fullName(), WARNED.phone(), WARNED.email(), "key-of-lan",
                List.of(FIRST_CONSENT), CREATED, CREATED.plus(Duration.ofDays(1)), null);

        assertOnlyChanged(pending, pending.verified(NOW), changes("status", ProfileStatus.ACTIVE,
                "verifiedAt", NOW, "expiresAt", null, "updatedAt", NOW, "lastActiveAt", NOW, "version", 2L));
    }

    @Test
    void verified_fromAWarnedProfile_endsTheCountdown() {
        assertOnlyChanged(WARNED, WARNED.verified(NOW),
                learnerChange("status", ProfileStatus.ACTIVE, "verifiedAt", NOW, "expiresAt", null));
    }

    @Test
    void edited_setsNameAndPhone_appendsTheConsent_andReplacesThePendingEmail() {
        FullName name = new FullName("Nguyễn Lan");
        PhoneNumber phone = new PhoneNumber("+84987654321");
        PurposeAnswer refused = new PurposeAnswer(ConsentPurpose.SURVEYS, false, NOW, PurposeAnswer.Channel.PROFILE, "2025-01-01");
        EmailAddress newer = new EmailAddress("lan.newer@example.vn");

        assertOnlyChanged(WARNED, WARNED.edited(name, phone, List.of(refused), newer, "key-of-newer", NOW),
                learnerChange("fullName", name, "phone", phone, "consents", List.of(FIRST_CONSENT, refused),
                        "pendingEmail", newer, "pendingEmailLookupKey", "key-of-newer"));
    }

    @Test
    void edited_withoutConsentOrEmail_keepsTheHistoryAndWhatIsPending() {
        assertOnlyChanged(WARNED, WARNED.edited(WARNED.fullName(), WARNED.phone(), List.of(), null, null, NOW),
                learnerChange());
    }

    @Test
    void pendingEmailConfirmed_becomesTheEmail() {
        assertOnlyChanged(WARNED, WARNED.withPendingEmailConfirmed(NOW),
                learnerChange("email", WARNED.pendingEmail(), "emailLookupKey", "key-of-new",
                        "pendingEmail", null, "pendingEmailLookupKey", null));
    }

    @Test
    void emailRestored_replacesTheEmail_andEndsTheChangeStillPending() {
        EmailAddress old = new EmailAddress("lan.old@example.vn");

        assertOnlyChanged(WARNED, WARNED.withEmailRestored(new PreviousEmail(old, "key-of-old", NOW), NOW),
                learnerChange("email", old, "emailLookupKey", "key-of-old",
                        "pendingEmail", null, "pendingEmailLookupKey", null));
    }

    @Test
    void deletionRequest_deactivates_andItsCancellationActivatesAgain() {
        DeletionRequest request = new DeletionRequest(DeletionKind.DELETE, NOW, NOW.plus(Duration.ofHours(72)));

        Profile requested = WARNED.withDeletionRequest(request, NOW);
        assertOnlyChanged(WARNED, requested,
                learnerChange("status", ProfileStatus.DEACTIVATED, "deletionRequest", request));

        Instant later = NOW.plusSeconds(60);
        assertOnlyChanged(requested, requested.withDeletionRequest(null, later), changes("status",
                ProfileStatus.ACTIVE, "deletionRequest", null, "updatedAt", later, "lastActiveAt", later, "version", 9L));
    }

    @Test
    void legalHolds_areAWrite_butNotTheLearnersActivity() {
        List<LegalHold> holds = List.of(HOLD.released(new HoldNote("đã giải quyết", "HS-2026/002"), "officer", NOW));

        assertOnlyChanged(WARNED, WARNED.withLegalHolds(holds, NOW),
                changes("legalHolds", holds, "updatedAt", NOW, "version", 8L));
    }

    @Test
    void policyAnswer_isAppended_withTheConsentItCarries() {
        PolicyAnswer refusal = new PolicyAnswer("2026-11-01", false, NOW, PolicyAnswer.AnswerChannel.EMAIL_LINK, "h");
        PurposeAnswer off = new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, false, NOW, PurposeAnswer.Channel.MAIL_LINK, "2026-11-01");

        assertOnlyChanged(WARNED, WARNED.withPolicyAnswer(refusal, off, NOW), learnerChange(
                "policyAnswers", List.of(FIRST_ANSWER, refusal), "consents", List.of(FIRST_CONSENT, off)));
        assertOnlyChanged(WARNED, WARNED.withPolicyAnswer(refusal, null, NOW),
                learnerChange("policyAnswers", List.of(FIRST_ANSWER, refusal)));
    }

    @Test
    void aMinorsSignup_recordsEachConfirmation_andOnlyTheGuardiansIsAlsoTheirAnswers() {
        Guardian named = Guardian.named(2014, new EmailAddress("me.lan@example.vn"), "email#guardian");
        Profile pending = Profile.pending("profile-2", WARNED.fullName(), WARNED.phone(), WARNED.email(), "key-of-lan",
                List.of(FIRST_CONSENT), CREATED, CREATED.plus(Duration.ofDays(1)), named);
        PurposeAnswer guardiansNo = new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, false, NOW,
                PurposeAnswer.Channel.MAIL_LINK, "2025-01-01", PurposeAnswer.Actor.GUARDIAN);

        assertOnlyChanged(pending, pending.withLearnerConfirmed(NOW), changes(
                "guardian", new Guardian(2014, named.email(), named.lookupKey(), null, NOW), "updatedAt", NOW, "lastActiveAt", NOW,
                "version", 2L));
        assertOnlyChanged(pending, pending.withGuardianConsent(List.of(guardiansNo), NOW), changes(
                "guardian", new Guardian(2014, named.email(), named.lookupKey(), NOW, null), "consents", List.of(FIRST_CONSENT, guardiansNo),
                "updatedAt", NOW, "version", 2L));
    }

    @Test
    void forALearnerWithAGuardian_aPolicyRefusalOfEitherStands_otherwiseTheGuardiansAcceptanceIsInForce() {
        PolicyAnswer guardiansNo = new PolicyAnswer("2026-11-01", false, NOW, PolicyAnswer.AnswerChannel.EMAIL_LINK,
                "h", PurposeAnswer.Actor.GUARDIAN);
        PolicyAnswer learnersYes = new PolicyAnswer("2026-11-01", true, NOW.plusSeconds(1),
                PolicyAnswer.AnswerChannel.EMAIL_LINK, "h");
        PolicyAnswer guardiansYes = new PolicyAnswer("2026-11-01", true, NOW.plusSeconds(2),
                PolicyAnswer.AnswerChannel.EMAIL_LINK, "h", PurposeAnswer.Actor.GUARDIAN);
        PolicyAnswer learnersNo = new PolicyAnswer("2026-11-01", false, NOW.plusSeconds(3),
                PolicyAnswer.AnswerChannel.EMAIL_LINK, "h");
        Profile refusedByGuardian = WARNED.withPolicyAnswer(guardiansNo, null, NOW)
                .withPolicyAnswer(learnersYes, null, NOW.plusSeconds(1));
        Profile guardianChangedTheirMind = refusedByGuardian.withPolicyAnswer(guardiansYes, null, NOW.plusSeconds(2));

        assertThat(refusedByGuardian.policyAnswer("2026-11-01")).contains(guardiansNo);
        assertThat(refusedByGuardian.policyAnswerBy("2026-11-01", PurposeAnswer.Actor.LEARNER)).contains(learnersYes);
        assertThat(guardianChangedTheirMind.policyAnswer("2026-11-01")).contains(guardiansYes);
        assertThat(guardianChangedTheirMind.withPolicyAnswer(learnersNo, null, NOW.plusSeconds(3))
                .policyAnswer("2026-11-01")).contains(learnersNo);
        assertThat(WARNED.withPolicyAnswer(guardiansYes, null, NOW).policyAnswer("2026-11-01"))
                .as("the guardian's yes, the learner silent").contains(guardiansYes);
        assertThat(WARNED.withPolicyAnswer(learnersYes, null, NOW).policyAnswer("2026-11-01"))
                .as("the learner's yes alone, the guardian silent").isEmpty();
    }

    @Test
    void forALearnerWithAGuardian_aYesNeedsBoth_andTheNoOfEitherStands() {
        PurposeAnswer learnersNo = new PurposeAnswer(ConsentPurpose.SURVEYS, false, CREATED,
                PurposeAnswer.Channel.SIGNUP_FORM, "2025-01-01");
        PurposeAnswer guardiansYes = new PurposeAnswer(ConsentPurpose.SURVEYS, true, NOW,
                PurposeAnswer.Channel.MAIL_LINK, "2025-01-01", PurposeAnswer.Actor.GUARDIAN);
        PurposeAnswer learnersYes = new PurposeAnswer(ConsentPurpose.SURVEYS, true, NOW.plusSeconds(1),
                PurposeAnswer.Channel.PROFILE, "2025-01-01");
        Profile minor = Profile.pending("profile-2", WARNED.fullName(), WARNED.phone(), WARNED.email(), "key-of-lan",
                List.of(FIRST_CONSENT, learnersNo), CREATED, CREATED.plus(Duration.ofDays(1)),
                Guardian.named(2014, new EmailAddress("me.lan@example.vn"), "email#guardian"))
                .withGuardianConsent(List.of(guardiansYes), NOW);

        assertThat(minor.consent(ConsentPurpose.SURVEYS)).contains(learnersNo);
        assertThat(minor.consentsTo(ConsentPurpose.SURVEYS)).isFalse();
        Profile bothYes = minor.edited(minor.fullName(), minor.phone(), List.of(learnersYes), null, null,
                NOW.plusSeconds(1));
        assertThat(bothYes.consentsTo(ConsentPurpose.SURVEYS)).isTrue();
    }

    @Test
    void aLearnerComesOfAge_onTheFirstOfJanuaryAfterTheYearTheyTurn16_inVietnamTime_onceTheGuardianConsented() {
        Guardian consented = new Guardian(2010, new EmailAddress("me.lan@example.vn"), "email#guardian", CREATED, CREATED);
        int lastEvening = VietnamTime.yearOf(Instant.parse("2026-12-31T16:59:59Z"));
        int newYearsDay = VietnamTime.yearOf(Instant.parse("2026-12-31T17:00:00Z"));

        assertThat(consented.cameOfAgeIn(lastEvening)).as("16 all year 2026: still a child").isFalse();
        assertThat(consented.actsIn(lastEvening)).isTrue();
        assertThat(consented.cameOfAgeIn(newYearsDay)).isTrue();
        assertThat(consented.actsIn(newYearsDay)).isFalse();
        assertThat(consented.takeOverMailDueIn(newYearsDay)).isTrue();
        assertThat(consented.ownConsentAskedIn(newYearsDay)).isTrue();
        assertThat(consented.withComingOfAgeMailed(NOW).takeOverMailDueIn(newYearsDay)).isFalse();
        assertThat(consented.withComingOfAgeMailed(NOW).ownConsentAskedIn(newYearsDay)).as("asked until answered").isTrue();
        assertThat(consented.withLearnerTookOver(NOW).ownConsentAskedIn(newYearsDay)).isFalse();
        assertThat(new Guardian(2010, consented.email(), "email#guardian", null, null).cameOfAgeIn(newYearsDay))
                .as("a signup the guardian never consented to has nothing to take over").isFalse();
    }

    @Test
    void beforeTheLearnerTakesOver_aYesIsTheGuardians_andTheNoOfEitherStands() {
        PurposeAnswer guardiansNo = guardians(ConsentPurpose.SURVEYS, false);
        PurposeAnswer guardiansYes = guardians(ConsentPurpose.NEWS_AND_OFFERS, true);
        Profile cameOfAge = guardedLearner(List.of(guardiansNo, guardiansYes));
        Profile learnerSaid = cameOfAge.edited(cameOfAge.fullName(), cameOfAge.phone(), List.of(
                learners(ConsentPurpose.SURVEYS, true), learners(ConsentPurpose.PHONE_ADVICE, true),
                learners(ConsentPurpose.NEWS_AND_OFFERS, false)), null, null, NOW.plusSeconds(1));

        assertThat(learnerSaid.consent(ConsentPurpose.SURVEYS)).as("the guardian's no stands").contains(guardiansNo);
        assertThat(learnerSaid.consentsTo(ConsentPurpose.PHONE_ADVICE))
                .as("nothing new is consented: the guardian never said yes").isFalse();
        assertThat(learnerSaid.consentsTo(ConsentPurpose.NEWS_AND_OFFERS)).as("the learner's no stands").isFalse();
        assertThat(cameOfAge.consentsTo(ConsentPurpose.NEWS_AND_OFFERS)).as("the guardian's yes stands").isTrue();
    }

    @Test
    void onceTheLearnerTookOver_onlyTheirLatestAnswerCounts() {
        Profile cameOfAge = guardedLearner(List.of(guardians(ConsentPurpose.SURVEYS, false),
                guardians(ConsentPurpose.NEWS_AND_OFFERS, true)));
        Profile tookOver = cameOfAge.withOwnConsent(List.of(learners(ConsentPurpose.SURVEYS, true),
                learners(ConsentPurpose.NEWS_AND_OFFERS, false), learners(ConsentPurpose.PHONE_ADVICE, true)), NOW);

        assertThat(tookOver.consentsTo(ConsentPurpose.SURVEYS)).isTrue();
        assertThat(tookOver.consentsTo(ConsentPurpose.NEWS_AND_OFFERS)).isFalse();
        assertThat(tookOver.consentsTo(ConsentPurpose.PHONE_ADVICE)).isTrue();
        assertThat(tookOver.ownConsentAskedIn(2027)).isFalse();
        assertThat(cameOfAge.ownConsentAskedIn(2027)).isTrue();
        assertThat(cameOfAge.ownConsentAskedIn(2026)).isFalse();
    }

    @Test
    void comingOfAgeMailed_isNotTheLearnersChange_andOwnConsentIs_bothTakingTheProfileOutOfTheGuardiansIndex() {
        Guardian guardian = WARNED.guardian();
        PurposeAnswer own = learners(ConsentPurpose.NEWS_AND_OFFERS, false);

        assertOnlyChanged(WARNED, WARNED.withComingOfAgeMailed(NOW), changes("guardian",
                new Guardian(2014, guardian.email(), null, guardian.consentedAt(), guardian.learnerConfirmedAt(), NOW,
                        null), "updatedAt", NOW, "version", 8L));
        assertOnlyChanged(WARNED, WARNED.withOwnConsent(List.of(own), NOW), learnerChange("guardian",
                new Guardian(2014, guardian.email(), null, guardian.consentedAt(), guardian.learnerConfirmedAt(), null,
                        NOW), "consents", List.of(FIRST_CONSENT, own)));
    }

    /** A learner born in 2010 whose guardian consented with {@code guardians}: of age in 2027. */
    private static Profile guardedLearner(List<PurposeAnswer> guardians) {
        return Profile.pending("profile-3", WARNED.fullName(), WARNED.phone(), WARNED.email(), "key-of-lan",
                        List.of(FIRST_CONSENT), CREATED, CREATED.plus(Duration.ofDays(1)),
                        Guardian.named(2010, new EmailAddress("me.lan@example.vn"), "email#guardian"))
                .withGuardianConsent(guardians, CREATED).verified(CREATED);
    }

    private static PurposeAnswer guardians(String purposeId, boolean granted) {
        return new PurposeAnswer(purposeId, granted, CREATED, PurposeAnswer.Channel.MAIL_LINK, "2025-01-01",
                PurposeAnswer.Actor.GUARDIAN);
    }

    private static PurposeAnswer learners(String purposeId, boolean granted) {
        return new PurposeAnswer(purposeId, granted, NOW, PurposeAnswer.Channel.PROFILE, "2025-01-01");
    }

    @Test
    void activeAt_endsTheCountdown_withoutAWrite() {
        assertOnlyChanged(WARNED, WARNED.activeAt(NOW),
                changes("lastActiveAt", NOW, "inactivityErasureAt", null));
    }

    /** Name/value pairs; a value may be null. */
    private static Map<String, Object> changes(Object... pairs) {
        Map<String, Object> changes = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            changes.put((String) pairs[i], pairs[i + 1]);
        }
        return changes;
    }

    /** {@code expected} names each component that changed, with its value. */
    private static void assertOnlyChanged(Profile before, Profile after, Map<String, Object> expected) {
        for (RecordComponent component : Profile.class.getRecordComponents()) {
            String name = component.getName();
            Object value = valueOf(component, after);
            if (expected.containsKey(name)) {
                assertThat(value).as(name).isEqualTo(expected.get(name));
            } else {
                assertThat(value).as(name + " kept").isEqualTo(valueOf(component, before));
            }
        }
    }

    private static Object valueOf(RecordComponent component, Profile profile) {
        try {
            return component.getAccessor().invoke(profile);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
