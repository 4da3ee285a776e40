package coach.eco.learners.profile;

import io.micronaut.context.ApplicationContext;
import jakarta.validation.Validator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What staff write in a hold note, checked as docs/openapi.yaml states it. */
class TextFieldsTest {
    /** U+20000, a CJK letter outside the Basic Multilingual Plane: one character, two UTF-16 units. */
    private static final String ASTRAL_LETTER = new String(Character.toChars(0x20000));
    private static ApplicationContext context;
    private static Validator validator;

    @BeforeAll
    static void start() {
        context = ApplicationContext.run();
        validator = context.getBean(Validator.class);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static List<String> problemsOf(HoldNote note) {
        return validator.validate(note).stream()
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage()).sorted().toList();
    }

    @Test
    void aTextLimit_countsCharacters_asTheDocumentsMaxLengthDoes_notUtf16Units() {
        assertThat(problemsOf(new HoldNote(ASTRAL_LETTER.repeat(1000), ASTRAL_LETTER.repeat(200)))).isEmpty();
        assertThat(problemsOf(new HoldNote(ASTRAL_LETTER.repeat(1001), ASTRAL_LETTER.repeat(201)))).containsExactly(
                "reason must be at most 1000 characters", "reference must be at most 200 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u2007\u202F", "\u3000", " \u2003 "})
    void aHoldNote_ofWhiteSpaceOnly_noBreakSpacesIncluded_isRequiredAgain_asTheDocumentsPatternRefusesIt(String blank) {
        assertThat(problemsOf(new HoldNote(blank, blank)))
                .containsExactly("reason is required", "reference is required");
    }

    @Test
    void aHoldNote_withSpacesAroundItsText_isAccepted_asThePatternAdmitsIt() {
        assertThat(problemsOf(new HoldNote("\u3000Tranh chấp học phí\u00A0", " HS-2026/114 "))).isEmpty();
    }
}
