package coach.eco.learners.consent;

import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentChoicesTest {

    @Test
    void marketingConsentAlone_isTheNewsAnswer_andNothingElseIsAnswered() {
        assertThat(ConsentChoices.errors(true, null, true)).isEmpty();
        assertThat(ConsentChoices.merged(true, null)).isEqualTo(Map.of(ConsentPurpose.NEWS_AND_OFFERS, true));
    }

    @Test
    void bothNewsAnswers_mayBeSentIfTheyAgree_butDisagreeing_isRefusedAtMarketingConsent() {
        Map<String, Boolean> newsNo = Map.of(ConsentPurpose.NEWS_AND_OFFERS, false, ConsentPurpose.SURVEYS, true);

        assertThat(ConsentChoices.errors(false, newsNo, true)).isEmpty();
        assertThat(ConsentChoices.merged(false, newsNo)).isEqualTo(newsNo);
        assertThat(ConsentChoices.errors(true, newsNo, true)).containsExactly(
                new FieldError("marketingConsent", FieldCode.INCONSISTENT, ConsentPurpose.NEWS_AND_OFFERS));
    }

    @Test
    void signup_needsTheNewsAnswer_inEitherField_aProfileEditDoesNot() {
        Map<String, Boolean> surveysOnly = Map.of(ConsentPurpose.SURVEYS, false);

        assertThat(ConsentChoices.errors(null, surveysOnly, true))
                .containsExactly(new FieldError("marketingConsent", FieldCode.REQUIRED));
        assertThat(ConsentChoices.errors(null, Map.of(ConsentPurpose.NEWS_AND_OFFERS, true), true)).isEmpty();
        assertThat(ConsentChoices.errors(null, surveysOnly, false)).isEmpty();
    }

    @Test
    void anIdNoPurposeCanHave_orNoAnswerAtAll_isRefusedAtConsents_withoutTheId() {
        for (String id : new String[] {"Surveys", "news--offers", "-surveys", "a".repeat(41), "khảo-sát", ""}) {
            assertThat(ConsentChoices.errors(null, Map.of(id, true), false)).as(id)
                    .containsExactly(new FieldError("consents", FieldCode.UNKNOWN_PURPOSE));
        }
        assertThat(ConsentChoices.errors(null, Map.of("a".repeat(40), true), false)).isEmpty();
        assertThat(ConsentChoices.errors(null, Map.of(), false)).extracting(FieldError::field, FieldError::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("consents", FieldCode.TOO_SHORT));
    }
}
