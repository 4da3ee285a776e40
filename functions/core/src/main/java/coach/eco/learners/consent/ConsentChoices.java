package coach.eco.learners.consent;

import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import io.micronaut.core.annotation.Nullable;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A request's answers per consent purpose: its {@code consents} object, and the older
 * {@code marketingConsent}, which is the answer to news and offers. Both may be sent if they agree.
 */
public final class ConsentChoices {
    private static final Pattern PURPOSE_ID = Pattern.compile(ConsentPurpose.ID_PATTERN);

    private ConsentChoices() {
    }

    /**
     * What is wrong with the answers, as field errors: the two news answers disagreeing, an id that
     * no purpose can have (whether a well-formed one names a purpose is for {@link ConsentPurposeStore}),
     * an empty {@code consents}, or, when {@code newsRequired}, no news answer at all.
     */
    public static List<FieldError> errors(@Nullable Boolean marketingConsent, @Nullable Map<String, Boolean> consents,
                                          boolean newsRequired) {
        Boolean news = consents == null ? null : consents.get(ConsentPurpose.NEWS_AND_OFFERS);
        if (marketingConsent != null && news != null && !marketingConsent.equals(news)) {
            return List.of(new FieldError("marketingConsent", FieldCode.INCONSISTENT, ConsentPurpose.NEWS_AND_OFFERS));
        }
        if (consents != null && consents.isEmpty()) {
            return List.of(new FieldError("consents", FieldCode.TOO_SHORT, "list", Map.of("min", 1)));
        }
        if (consents != null && !consents.keySet().stream().allMatch(ConsentChoices::canBePurposeId)) {
            return List.of(new FieldError("consents", FieldCode.UNKNOWN_PURPOSE));
        }
        if (newsRequired && marketingConsent == null && news == null) {
            return List.of(new FieldError("marketingConsent", FieldCode.REQUIRED));
        }
        return List.of();
    }

    /** The answers, by purpose id; checked by {@link #errors} first. */
    public static Map<String, Boolean> merged(@Nullable Boolean marketingConsent,
                                              @Nullable Map<String, Boolean> consents) {
        Map<String, Boolean> answers = new TreeMap<>(consents == null ? Map.of() : consents);
        if (marketingConsent != null) {
            answers.put(ConsentPurpose.NEWS_AND_OFFERS, marketingConsent);
        }
        return answers;
    }

    private static boolean canBePurposeId(String id) {
        return id.length() <= ConsentPurpose.ID_MAX_LENGTH && PURPOSE_ID.matcher(id).matches();
    }
}
