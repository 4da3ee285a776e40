package coach.eco.learners.policy;

import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refused;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyDraftTest {
    private static final String STAFF = "arn:aws:sts::000000000000:assumed-role/privacy-staff/lan";

    private static PolicyVersion publish(String effectiveDate, String policyUrl) {
        return new PolicyDraft("2026-12-01", "notice", effectiveDate, policyUrl, "Tóm tắt", "Summary")
                .publishedBy(STAFF, Instant.parse("2026-12-01T02:00:00Z"));
    }

    @Test
    void effectiveDate_aCalendarDateWithAFourDigitYear_isPublished() {
        assertThat(publish("2027-02-28", "https://eco-coach.example/chinh-sach").effectiveDate())
                .isEqualTo(LocalDate.of(2027, 2, 28));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01", "10000-01-01", "+2027-01-01", "2027-02-30", "2027-1-01", "２０２７-01-01",
            "20270101", "2027-01-01T00:00"})
    void effectiveDate_thatIsNotAFullDateOfFourDigitYear_isRefused(String effectiveDate) {
        assertThatThrownBy(() -> publish(effectiveDate, "https://eco-coach.example/chinh-sach"))
                .isInstanceOfSatisfying(Refused.class, refused ->
                        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("effectiveDate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://eco-coach.example/chinh-sach-bao-mat", "https://eco-coach.example",
            "https://www.eco-coach.example:8443/a/b?ban=vi&v=2#muc-3", "https://xn--hc-68s.vn/ch%C3%ADnh-s%C3%A1ch",
            "https://EXAMPLE.vn/(1)/'a';b=c,d@e!$*+~"})
    void policyUrl_aPlainHttpsUrlOnAHostName_isPublished(String policyUrl) {
        assertThat(publish("2026-12-01", policyUrl).policyUrl()).isEqualTo(policyUrl);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://eco-coach.example/chinh-sach", "https://eco_coach.example/chinh-sach",
            "https://eco-coach.example/chính-sách", "https://học.vn/chinh-sach", "https://127.0.0.1/chinh-sach",
            "https://[::1]/chinh-sach", "https://lan@eco-coach.example/", "https://localhost/chinh-sach",
            "https://eco-coach.example/%ZZ", "https://eco-coach.example/chinh sach", "https://eco-coach.example/a#b#c",
            "https://-eco.example/", "https://eco-coach.example:/", "https:///chinh-sach", "HTTPS://eco-coach.example/"})
    void policyUrl_thatIsNotAPlainHttpsUrlOnAHostName_isRefused(String policyUrl) {
        assertThatThrownBy(() -> publish("2026-12-01", policyUrl))
                .isInstanceOfSatisfying(Refused.class, refused ->
                        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("policyUrl"));
    }

    @Test
    void policyUrl_isCheckedWithTheDocumentsOwnPattern() throws IOException {
        String document = Files.readString(Path.of("../../docs/openapi.yaml"));
        String yamlQuoted = "'^" + PolicyDraft.HTTPS_URL.pattern().replace("'", "''") + "$'";

        assertThat(document).contains("policyUrl: {type: string, format: uri, maxLength: 500, pattern: " + yamlQuoted);
    }
}
