package coach.eco.learners.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc3339Test {
    @Test
    void aDateAndAnInstantWithFourDigitsOfYear_areRead() {
        assertThat(Rfc3339.date("2026-12-01")).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(Rfc3339.instant("2026-12-01T09:30:00Z")).isEqualTo(Instant.parse("2026-12-01T09:30:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+2026-12-01T09:30:00Z",
            "20261-12-01T09:30:00Z", "２０２６-12-01T09:30:00Z"})
    void anInstantWhoseYearIsNotFourDigits_isRefused_asRfc3339AndTheDocumentRefuseIt(String text) {
        assertThatThrownBy(() -> Rfc3339.instant(text)).isInstanceOf(DateTimeParseException.class);
    }
}
