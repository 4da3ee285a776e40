package coach.eco.learners.token;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OneTimeTokenTest {

    @Test
    void generated_tokensAreWellFormed_distinct_andStoredOnlyAsTheirHash() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            OneTimeToken token = OneTimeToken.generate();
            assertThat(OneTimeToken.isWellFormed(token.value())).isTrue();
            assertThat(token.hash()).hasSize(64).doesNotContain(token.value());
            assertThat(seen.add(token.value())).isTrue();
        }
    }

    @Test
    void hash_isStable_forTheSameToken() {
        OneTimeToken token = OneTimeToken.generate();
        assertThat(new OneTimeToken(token.value()).hash()).isEqualTo(token.hash());
    }

    @Test
    void malformedCandidates_areRefusedBeforeAnyLookup() {
        assertThat(OneTimeToken.isWellFormed(null)).isFalse();
        assertThat(OneTimeToken.isWellFormed("")).isFalse();
        assertThat(OneTimeToken.isWellFormed("short")).isFalse();
        assertThat(OneTimeToken.isWellFormed("x".repeat(42) + "/")).isFalse();
    }
}
