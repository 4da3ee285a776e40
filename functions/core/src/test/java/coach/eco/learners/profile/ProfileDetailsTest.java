package coach.eco.learners.profile;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.FieldValidation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileDetailsTest {

    @Test
    void fullName_keepsDiacritics_andStoresTheComposedForm() {
        String decomposed = "Nguye\u0302\u0303n Thi\u0323 Lan";

        FullName name = FullName.parse("  " + decomposed + "  ");

        assertThat(name.value()).isEqualTo("Nguyễn Thị Lan");
        assertThat(name).isEqualTo(FullName.parse("Nguyễn Thị Lan"));
    }

    @Test
    void fullName_collapsesRunsOfSpaces() {
        assertThat(FullName.parse(" Trần   Văn  Đức ").value()).isEqualTo("Trần Văn Đức");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Trần\u00A0Văn Đức", "Trần\u2003Văn Đức", "Trần\u3000Văn Đức", "\u3000Trần Văn Đức", "Trần Văn Đức\u00A0"})
    void fullName_withANoBreakEmOrIdeographicSpace_isRefused_asTheDocumentsPatternRefusesIt(String raw) {
        assertThatThrownBy(() -> FullName.parse(raw)).isInstanceOf(FieldValidation.class)
                .extracting(e -> ((FieldValidation) e).of("fullName"))
                .isEqualTo(new FieldError("fullName", FieldCode.INVALID_CHARACTERS, "name"));
    }

    @Test
    void fullName_isCountedInCharactersAsSent_notAfterNfc() {
        String decomposedE = "e\u0302"; // ê typed as e and a combining circumflex: two characters sent, one stored
        assertThatThrownBy(() -> FullName.parse(decomposedE.repeat(51)))
                .isInstanceOf(FieldValidation.class).extracting(e -> ((FieldValidation) e).of("fullName"))
                .isEqualTo(new FieldError("fullName", FieldCode.TOO_LONG, null, Map.of("max", FullName.MAX_LENGTH)));
        String qa = "\u0958"; // DEVANAGARI QA: one character sent, two after NFC
        assertThat(FullName.parse(qa.repeat(FullName.MAX_LENGTH)).value().codePoints().count())
                .isEqualTo(2L * FullName.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lan\u0000", "Lan\nAnh", "Lan\tAnh", "Lan\u202Eanh", "Lan\u200B", "   ", "12345"})
    void fullName_refusesControlInvisibleBlankOrLetterless(String raw) {
        assertThatThrownBy(() -> FullName.parse(raw)).isInstanceOf(FieldValidation.class);
    }

    /** U+E000 is private use; U+0378 and U+1FFFF are unassigned: no font agrees on what a mail would show. */
    @ParameterizedTest
    @ValueSource(strings = {"Lan\uE000", "Lan \u0378Anh", "Lan\uD83F\uDFFF"})
    void fullName_withAPrivateUseOrUnassignedCharacter_isRefusedAsInvalidCharacters(String raw) {
        assertThatThrownBy(() -> FullName.parse(raw)).isInstanceOf(FieldValidation.class)
                .extracting(e -> ((FieldValidation) e).of("fullName"))
                .isEqualTo(new FieldError("fullName", FieldCode.INVALID_CHARACTERS, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lan 2", "Lan http://x.example", "Lan <b>", "Lan @ Eco", "Lan; DROP", "Lan (Anh)", "Lan!"})
    void fullName_refusesDigitsLinksMarkupAndPunctuationNamesDoNotUse(String raw) {
        assertThatThrownBy(() -> FullName.parse(raw)).isInstanceOf(FieldValidation.class)
                .extracting(e -> ((FieldValidation) e).of("fullName"))
                .isEqualTo(new FieldError("fullName", FieldCode.INVALID_CHARACTERS, "name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Nguyễn Văn A.", "Siobhán O'Brien", "Jean-Pierre Lê", "Đỗ Thị Hồng-Nhung", "D’Arcy, Anne"})
    void fullName_acceptsThePunctuationRealNamesUse(String raw) {
        assertThat(FullName.parse(raw).value()).isEqualTo(raw);
    }

    @Test
    void fullName_refusesMoreThanItsLimit_countedInCharactersNotBytes() {
        assertThat(FullName.parse("Đ".repeat(FullName.MAX_LENGTH)).value()).hasSize(FullName.MAX_LENGTH);
        assertThatThrownBy(() -> FullName.parse("Đ".repeat(FullName.MAX_LENGTH + 1)))
                .isInstanceOf(FieldValidation.class).extracting(e -> ((FieldValidation) e).of("fullName"))
                .isEqualTo(new FieldError("fullName", FieldCode.TOO_LONG, null, Map.of("max", FullName.MAX_LENGTH)));
    }

    @Test
    void fieldErrors_neverRepeatTheValue() {
        assertThatThrownBy(() -> EmailAddress.parse("secret-value@@x"))
                .hasMessageNotContaining("secret-value");
        assertThatThrownBy(() -> PhoneNumber.parse("0999-1234"))
                .hasMessageNotContaining("0999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0912 345 678", "+84 912 345 678", "(091) 234-5678", "84912345678"})
    void phone_inVietnameseForms_isStoredAsE164(String raw) {
        assertThat(PhoneNumber.parse(raw).e164()).startsWith("+849");
    }

    @Test
    void phone_fromAnotherCountry_keepsItsCountryCode() {
        assertThat(PhoneNumber.parse("+44 20 7946 0958").e164()).isEqualTo("+442079460958");
    }

    @ParameterizedTest
    @ValueSource(strings = {"12", "0912", "not a number", "0912-CALL-ME", "+84 000 000 000"})
    void phone_invalid_isRefused(String raw) {
        assertThatThrownBy(() -> PhoneNumber.parse(raw)).isInstanceOf(FieldValidation.class);
    }

    @Test
    void phone_isTrimmedOfAsciiSpacesOnly_andAtMost32CharactersAsWritten_asTheDocumentSays() {
        assertThat(PhoneNumber.parse("  0912 345 678  ").e164()).isEqualTo("+84912345678");
        assertThatThrownBy(() -> PhoneNumber.parse("\u30000912 345 678")).isInstanceOf(FieldValidation.class);
        assertThatThrownBy(() -> PhoneNumber.parse("0912345678" + " ".repeat(23)))
                .isInstanceOf(FieldValidation.class).extracting(e -> ((FieldValidation) e).of("phone"))
                .isEqualTo(new FieldError("phone", FieldCode.TOO_LONG, null, Map.of("max", 32)));
    }

    @Test
    void email_isCompared_caseInsensitively() {
        assertThat(EmailAddress.parse("Lan.Nguyen@Example.VN").normalized())
                .isEqualTo(EmailAddress.parse("lan.nguyen@example.vn").normalized());
    }

    @Test
    void email_typedWithCombiningMarks_isTheSameLearner_asItsComposedForm() {
        String decomposed = "lan@ho\u0323c.vn";

        assertThat(EmailAddress.parse(decomposed).normalized()).isEqualTo(EmailAddress.parse("lan@học.vn").normalized());
    }

    @Test
    void email_withAnInternationalisedDomain_isDeliveredToItsAsciiForm() {
        assertThat(EmailAddress.parse("Lan@Học.vn").deliverable()).isEqualTo("Lan@xn--hc-68s.vn");
        assertThat(EmailAddress.parse("lan@example.vn").deliverable()).isEqualTo("lan@example.vn");
    }

    @Test
    void email_withAnInternationalisedDomain_isTheSameLearner_asItsAsciiForm() {
        assertThat(EmailAddress.parse("Lan@Học.vn").normalized())
                .isEqualTo(EmailAddress.parse("lan@XN--HC-68S.vn").normalized());
    }

    @ParameterizedTest
    @ValueSource(strings = {" lan@example.vn", "lan@example.vn ", "\u3000lan@example.vn", "lan@example.vn\u00A0"})
    void email_withSpacesAround_isRefused_asTheWebsitesEmailInputNeverSendsThem(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOf(FieldValidation.class)
                .extracting(e -> ((FieldValidation) e).of("email"))
                .isEqualTo(new FieldError("email", FieldCode.INVALID_EMAIL, "spaces-around"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@[127.0.0.1]", "a@[10.0.0.1]", "a@[IPv6:::1]", "lan@[203.0.113.7]"})
    void email_atAnIpAddress_isRefused_asNoMailboxOnThePublicInternet(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOf(FieldValidation.class)
                .extracting(e -> ((FieldValidation) e).of("email"))
                .isEqualTo(new FieldError("email", FieldCode.INVALID_EMAIL, "ip-address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lan@vn", "lan@localhost", "lân@example.vn", "用户@example.vn"})
    void email_thatMailCannotReach_isRefused(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOf(FieldValidation.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "a@b", "lan@@example.vn", "lan@example.vn\r\nBcc: x@y.z", "lan nguyen@example.vn"})
    void email_invalid_isRefused(String raw) {
        assertThatThrownBy(() -> EmailAddress.parse(raw)).isInstanceOf(FieldValidation.class);
    }

    @Test
    void email_ofExactly254Characters_isAccepted_andOneMoreIsRefusedAsTooLong() {
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(58) + ".vn";
        String longest = "a".repeat(64) + "@" + domain;
        assertThat(longest).hasSize(254);

        assertThat(EmailAddress.parse(longest).deliverable()).isEqualTo(longest);
        assertThatThrownBy(() -> EmailAddress.parse("a" + longest)).isInstanceOf(FieldValidation.class)
                .extracting(e -> ((FieldValidation) e).of("email"))
                .isEqualTo(new FieldError("email", FieldCode.TOO_LONG, null, Map.of("max", 254)));
    }

    @Test
    void toString_ofPiiValues_isRedacted() {
        assertThat(FullName.parse("Nguyễn Thị Lan").toString()).doesNotContain("Lan");
        assertThat(PhoneNumber.parse("0912345678").toString()).doesNotContain("912");
        assertThat(EmailAddress.parse("lan@example.vn").toString()).doesNotContain("lan@");
    }
}
