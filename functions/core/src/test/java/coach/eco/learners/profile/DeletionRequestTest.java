package coach.eco.learners.profile;

import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeletionRequestTest {
    private static final Instant REQUESTED = Instant.parse("2026-11-25T03:00:00Z");
    private static final Instant DUE = REQUESTED.plus(Duration.ofHours(70));

    @Test
    void deletion_isCancellableUntilItsDueDate_andNotFromIt() {
        DeletionRequest deletion = new DeletionRequest(DeletionKind.DELETE, REQUESTED, DUE);

        assertThat(deletion.isCancellable(DUE.minusSeconds(1))).isTrue();
        assertThat(deletion.isCancellable(DUE)).isFalse();
        assertThat(deletion.isCancellable(DUE.plus(Duration.ofDays(3)))).isFalse();
    }

    @Test
    void deactivation_isCancellableAnyTime() {
        DeletionRequest deactivation = new DeletionRequest(DeletionKind.DEACTIVATE, REQUESTED, null);

        assertThat(deactivation.isCancellable(REQUESTED.plus(Duration.ofDays(400)))).isTrue();
    }

    @Test
    void kind_isReadInTheApisLowerCaseWords_only() {
        assertThat(DeletionKind.parseField("kind", "delete")).isEqualTo(DeletionKind.DELETE);
        assertThat(DeletionKind.parseField("kind", "deactivate")).isEqualTo(DeletionKind.DEACTIVATE);
        for (String refused : new String[] {"DELETE", "erase", "", " delete"}) {
            assertThatThrownBy(() -> DeletionKind.parseField("kind", refused))
                    .isInstanceOfSatisfying(Refused.class, e -> {
                        assertThat(e.refusal()).isEqualTo(Refusal.INVALID_FIELDS);
                        assertThat(e.errors()).containsExactly(
                                DeletionKind.errorOf("kind"));
                    });
        }
    }
}
