package coach.eco.learners.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.MessageSource;
import io.micronaut.context.i18n.ResourceBundleMessageSource;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API's texts in the caller's language: Vietnamese (the policy's language, and the default) or
 * English, chosen by {@code Accept-Language}. The texts are in one bundle per language
 * ({@code i18n/messages_vi.properties}, {@code i18n/messages_en.properties}), never in code.
 */
@Singleton
public class Messages {
    public static final Locale VIETNAMESE = Locale.forLanguageTag("vi");
    public static final Locale ENGLISH = Locale.forLanguageTag("en");
    /** The languages the bundles hold, the default first. */
    public static final List<Locale> LANGUAGES = List.of(VIETNAMESE, ENGLISH);

    private final MessageSource bundles = new ResourceBundleMessageSource("i18n.messages", VIETNAMESE);

    /** The language to answer in: the caller's first choice the bundles hold, else Vietnamese. */
    public static Locale languageOf(APIGatewayV2HTTPEvent event) {
        String accepted = HttpExchange.header(event, "accept-language");
        if (accepted == null || accepted.isBlank()) {
            return VIETNAMESE;
        }
        try {
            Locale chosen = Locale.lookup(Locale.LanguageRange.parse(accepted), LANGUAGES);
            return chosen == null ? VIETNAMESE : chosen;
        } catch (IllegalArgumentException | IndexOutOfBoundsException malformed) {
            // The JDK's parser fails on "-" with an index error, not as malformed.
            return VIETNAMESE;
        }
    }

    /** The text of {@code key} in {@code language}, its {name} arguments filled in. */
    public String text(String key, Locale language, Map<String, Object> arguments) {
        return bundles.getMessage(key, language, arguments)
                .orElseThrow(() -> new IllegalStateException("no text " + key + " in " + language));
    }

    public String text(String key, Locale language) {
        return text(key, language, Map.of());
    }
}
