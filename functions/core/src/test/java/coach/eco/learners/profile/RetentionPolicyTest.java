package coach.eco.learners.profile;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.mail.EmailAddress;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The retention table of docs/architecture.md: each profile's one next event, and when it falls due. */
class RetentionPolicyTest {
    private static final Period INACTIVITY = Period.ofMonths(24);
    private static final Duration LEAD = Duration.ofDays(30);
    private static final RetentionPolicy POLICY = new RetentionPolicy(INACTIVITY, LEAD);
    private static final Instant SIGNED_UP = Instant.parse("2026-03-01T02:00:00Z");

    @Test
    void aPendingSignup_isErasedAsUnverified_whenItsLinkLapses_toTheWholeSecond() {
        Profile pending = pending(SIGNED_UP.plus(Duration.ofHours(24)).plusMillis(750));

        RetentionEvent next = POLICY.next(pending);

        assertThat(next).isEqualTo(new RetentionEvent(RetentionRule.UNVERIFIED, SIGNED_UP.plus(Duration.ofHours(24))));
        assertThat(next.rule().queue()).isEqualTo(RetentionRule.ERASE);
    }

    @Test
    void aRequestedDeletion_isErasedAsRequested_whenItsGracePeriodEnds() {
        Instant requested = SIGNED_UP.plus(Duration.ofDays(10));
        Instant due = requested.plus(Duration.ofHours(70));
        Profile profile = confirmed(SIGNED_UP).withDeletionRequest(
                new DeletionRequest(DeletionKind.DELETE, requested, due), requested);

        assertThat(POLICY.next(profile)).isEqualTo(new RetentionEvent(RetentionRule.REQUESTED, due));
    }

    @Test
    void aWarnedLearner_isErasedAsInactive_onTheDateTheWarningGave() {
        Instant erasureAt = Instant.parse("2028-03-30T02:00:00Z");
        Profile warned = warned(confirmed(SIGNED_UP), erasureAt);

        assertThat(POLICY.next(warned)).isEqualTo(new RetentionEvent(RetentionRule.INACTIVE, erasureAt));
    }

    @Test
    void anyOtherLearner_isWarnedTheLeadBeforeTheInactivityPeriodEnds_inCalendarMonthsInVietnam() {
        // 29 February 2024, 03:00 in Vietnam; 24 months later is 28 February 2026 there (27 February in UTC).
        Instant lastActive = Instant.parse("2024-02-28T20:00:00Z");

        RetentionEvent next = POLICY.next(confirmed(lastActive));

        assertThat(next).isEqualTo(new RetentionEvent(RetentionRule.INACTIVITY_WARNING,
                Instant.parse("2026-02-27T20:00:00Z").minus(LEAD)));
        assertThat(next.rule().queue()).isEqualTo(RetentionRule.WARN);
    }

    @Test
    void aDeactivatedLearner_agesLikeAnActiveOne() {
        Profile deactivated = confirmed(SIGNED_UP).withDeletionRequest(
                new DeletionRequest(DeletionKind.DEACTIVATE, SIGNED_UP, null), SIGNED_UP);

        assertThat(POLICY.next(deactivated)).isEqualTo(POLICY.next(confirmed(SIGNED_UP)));
    }

    @Test
    void aWarningInGoodTime_givesTheEndOfTheInactivityPeriod() {
        Instant lastActive = Instant.parse("2024-06-01T02:00:00Z");
        Instant inactiveFrom = Instant.parse("2026-06-01T02:00:00Z");

        assertThat(POLICY.erasureDateOfWarning(lastActive, inactiveFrom.minus(LEAD))).isEqualTo(inactiveFrom);
    }

    @Test
    void aLateWarning_givesTheLeadFromTheWarning_toTheWholeSecond() {
        Instant lastActive = Instant.parse("2023-12-01T02:00:00Z");
        Instant warnedAt = Instant.parse("2026-06-01T02:00:00.400Z");

        assertThat(POLICY.erasureDateOfWarning(lastActive, warnedAt))
                .isEqualTo(Instant.parse("2026-07-01T02:00:00Z"));
    }

    private static Profile pending(Instant expiresAt) {
        return Profile.pending("profile-1", new FullName("Nguyễn Thị Lan"), new PhoneNumber("+84912345678"),
                new EmailAddress("lan@example.vn"), "key-of-lan", List.of(new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, true, SIGNED_UP, PurposeAnswer.Channel.SIGNUP_FORM, null)),
                SIGNED_UP, expiresAt, null);
    }

    private static Profile confirmed(Instant lastActive) {
        return pending(SIGNED_UP.plus(Duration.ofDays(1))).verified(lastActive);
    }

    private static Profile warned(Profile profile, Instant erasureAt) {
        return new Profile(profile.profileId(), profile.fullName(), profile.phone(), profile.email(),
                profile.emailLookupKey(), profile.status(), profile.consents(), profile.createdAt(),
                profile.updatedAt(), profile.verifiedAt(), profile.expiresAt(), null, null, null, List.of(),
                List.of(), profile.lastActiveAt(), erasureAt, profile.version(), null);
    }
}
