package coach.eco.learners.desk;

import coach.eco.learners.time.WorkingDays;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeadlineRulesTest {
    /** The defaults, as the template leaves them. */
    static final DeskConfiguration DEFAULTS = new DeskConfiguration() {
        public int getRequestAcknowledgementWorkingDays() { return 2; }
        public int getRequestRestrictionDays() { return 15; }
        public int getRequestRestrictionWithProcessorDays() { return 20; }
        public int getRequestExtensionMaxDays() { return 15; }
        public int getRequestAnswerDays() { return 30; }
        public Duration getRequestErasureWithin() { return Duration.ofHours(72); }
        public Duration getBreachAuthorityNoticeWithin() { return Duration.ofHours(72); }
        public int getDeadlineWarningWorkingDays() { return 1; }
    };
    private final DeadlineRules rules = new DeadlineRules(DEFAULTS, WorkingDays.vietnam());
    /** Friday 24 April 2026, 10:00 in Vietnam: a weekend, then Hùng Kings' day in lieu, follow. */
    private final Instant friday = Instant.parse("2026-04-24T03:00:00Z");

    @Test
    void acknowledgement_isDueAtTheEndOfTheSecondWorkingDay_pastAWeekendAndAHoliday() {
        assertThat(rules.acknowledgeBy(friday)).isEqualTo(Instant.parse("2026-04-29T17:00:00Z"));
    }

    @Test
    void restrictionWithdrawalAndObjection_take15Days_or20WithAProcessor_fromReceipt() {
        for (RequestKind kind : new RequestKind[]{RequestKind.RESTRICTION, RequestKind.CONSENT_WITHDRAWAL,
                RequestKind.OBJECTION}) {
            assertThat(rules.dueBy(kind, false, friday, null)).contains(friday.plus(Duration.ofDays(15)));
            assertThat(rules.dueBy(kind, true, friday, null)).contains(friday.plus(Duration.ofDays(20)));
            assertThat(rules.completion(kind, false).extendable()).isTrue();
        }
    }

    @Test
    void accessIsAnsweredInThePolicys30Days_andADeletionErasedWithin72HoursOfItsConfirmation_neverExtended() {
        assertThat(rules.dueBy(RequestKind.ACCESS, false, friday, null)).contains(friday.plus(Duration.ofDays(30)));
        assertThat(rules.dueBy(RequestKind.DELETION, false, friday, null)).as("identity not confirmed yet").isEmpty();
        Instant confirmed = friday.plus(Duration.ofHours(5));
        assertThat(rules.dueBy(RequestKind.DELETION, false, friday, confirmed)).contains(confirmed.plus(Duration.ofHours(72)));
        assertThat(rules.completion(RequestKind.DELETION, false).extendable()).isFalse();
    }

    @Test
    void aBreach_isNotifiedToTheAuthorityWithin72HoursOfDetection() {
        assertThat(rules.authorityNoticeBy(friday)).isEqualTo(friday.plus(Duration.ofHours(72)));
    }

    @Test
    void theCheckWarns_ofWhatIsDueBeforeTheSameHourOfTheNextWorkingDay() {
        assertThat(rules.warnBefore(friday)).as("Friday's check looks past the weekend and Monday's holiday")
                .isEqualTo(Instant.parse("2026-04-28T03:00:00Z"));
    }
}
