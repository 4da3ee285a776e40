package coach.eco.learners.http;

import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Walks every refusal of the catalogue to the response a caller gets, and to its row in
 * docs/api.md: a refusal without a mapping, or one the document does not list as the API answers
 * it, fails here. The same for the field codes, and for the message bundles: every text in both
 * languages.
 */
class RefusalCatalogueTest {
    /** A row of the catalogue in docs/api.md: | `REFUSAL` | status | `type` | title | when |. */
    private static final Pattern ROW = Pattern.compile(
            "^\\| `([A-Z0-9_]+)` \\| (\\d{3}) \\| `([a-z-]+)` \\| ([^|]+?) \\|", Pattern.MULTILINE);
    /** A row of the field codes in docs/api.md: | `code` | when | English message |. */
    private static final Pattern CODE_ROW = Pattern.compile("^\\| `([a-z-]+)` \\| [^|]+ \\| ([^|]+?) \\|$",
            Pattern.MULTILINE);
    private static ApplicationContext context;
    private static HttpExchange http;
    private static JsonMapper json;
    private static Map<String, Row> documented;
    private static Map<String, String> documentedCodes;

    /** What docs/api.md says a refusal is answered with. */
    private record Row(int status, String type, String title) {
    }

    @BeforeAll
    static void start() throws IOException {
        context = ApplicationContext.run();
        http = context.getBean(HttpExchange.class);
        json = context.getBean(JsonMapper.class);
        String api = Files.readString(Path.of("../../docs/api.md"));
        documented = ROW.matcher(api).results().collect(Collectors.toMap(row -> row.group(1),
                row -> new Row(Integer.parseInt(row.group(2)), row.group(3), row.group(4))));
        documentedCodes = CODE_ROW.matcher(api).results().collect(Collectors.toMap(row -> row.group(1),
                row -> row.group(2)));
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void everyRefusal_isAnsweredWithItsProblem_asDocsApiListsIt(Refusal refusal) throws IOException {
        APIGatewayV2HTTPResponse response = http.problem(refusal.refused(), "request-1", Messages.ENGLISH);
        Problem body = json.readValue(response.getBody(), Problem.class);

        ProblemTypes.ProblemType mapped = ProblemTypes.of(refusal);
        assertThat(response.getStatusCode()).isEqualTo(mapped.status()).isBetween(400, 499);
        assertThat(response.getHeaders().get("content-type")).startsWith("application/problem+json");
        assertThat(response.getHeaders()).containsEntry("content-language", "en");
        assertThat(body.type()).isEqualTo("urn:learner-profiles:problem:" + mapped.type());
        assertThat(body.status()).isEqualTo(mapped.status());
        assertThat(body.detail()).isNotBlank();

        assertThat(documented.get(refusal.name())).as("the row of %s in docs/api.md", refusal)
                .isEqualTo(new Row(mapped.status(), mapped.type(), body.title()));
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void everyRefusal_hasItsTitleAndDetailInVietnamese(Refusal refusal) throws IOException {
        APIGatewayV2HTTPResponse response = http.problem(refusal.refused(), "request-1", Messages.VIETNAMESE);
        Problem vietnamese = json.readValue(response.getBody(), Problem.class);
        Problem english = json.readValue(http.problem(refusal.refused(), "request-1", Messages.ENGLISH).getBody(),
                Problem.class);

        assertThat(response.getHeaders()).containsEntry("content-language", "vi");
        assertThat(vietnamese.title()).isNotBlank().isNotEqualTo(english.title());
        assertThat(vietnamese.detail()).isNotBlank().isNotEqualTo(english.detail());
    }

    @Test
    void docsApi_listsNoRefusalTheCodeDoesNotHave() {
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Refusal.values()).map(Refusal::name).toList());
    }

    @Test
    void docsApi_listsEveryFieldCode_withItsEnglishMessage_andNoOther() throws IOException {
        Properties english = bundle("en");
        assertThat(documentedCodes.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(FieldCode.values()).map(FieldCode::wireName).toList());
        for (FieldCode code : FieldCode.values()) {
            assertThat(documentedCodes.get(code.wireName())).as("the message of %s in docs/api.md", code)
                    .isEqualTo("“" + english.getProperty(new FieldError("f", code).messageKey()) + "”");
        }
    }

    @Test
    void bothBundles_holdTheSameTexts_andEveryFieldCodeHasOne() throws IOException {
        Properties vietnamese = bundle("vi");
        Properties english = bundle("en");
        assertThat(vietnamese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        for (FieldCode code : FieldCode.values()) {
            assertThat(vietnamese).containsKey("field." + code.wireName());
        }
        for (String key : english.stringPropertyNames()) {
            assertThat(vietnamese.getProperty(key)).as(key).isNotBlank();
        }
    }

    @Test
    void aSessionRefusal_tellsTheSchemeToUse() {
        assertThat(http.problem(Refusal.NOT_SIGNED_IN.refused(), "request-1", Messages.VIETNAMESE).getHeaders())
                .containsEntry("www-authenticate", "Bearer");
    }

    @Test
    void fieldErrors_travelWithTheirRefusal_withCodePointerAndMessageInTheLanguage() throws IOException {
        Refused refused = Refused.invalidFields(List.of(new FieldError("email", FieldCode.INVALID_EMAIL),
                new FieldError("affected.from", FieldCode.TOO_LONG, null, Map.of("max", 40)),
                new FieldError("categories[2]<list element>", FieldCode.BLANK)));
        Problem english = json.readValue(http.problem(refused, "request-1", Messages.ENGLISH).getBody(),
                Problem.class);
        Problem vietnamese = json.readValue(http.problem(refused, "request-1", Messages.VIETNAMESE).getBody(),
                Problem.class);

        assertThat(english.status()).isEqualTo(422);
        assertThat(english.errors()).extracting("field", "pointer", "code", "message").containsExactly(
                tuple("email", "/email", "invalid-email", "must be a valid email address"),
                tuple("affected.from", "/affected/from", "too-long", "must be at most 40 characters"),
                tuple("categories[2]<list element>", "/categories/2", "blank", "must not be blank"));
        assertThat(vietnamese.errors()).extracting("message").containsExactly(
                "Địa chỉ email không hợp lệ", "Tối đa 40 ký tự", "Không được để trống");
    }

    @Test
    void theLanguage_isTheCallersFirstChoiceTheBundlesHold_elseVietnamese() {
        assertThat(languageFor(null)).isEqualTo(Messages.VIETNAMESE);
        assertThat(languageFor("en")).isEqualTo(Messages.ENGLISH);
        assertThat(languageFor("en-US,en;q=0.9")).isEqualTo(Messages.ENGLISH);
        assertThat(languageFor("vi, en;q=0.5")).isEqualTo(Messages.VIETNAMESE);
        assertThat(languageFor("fr, en;q=0.5")).isEqualTo(Messages.ENGLISH);
        assertThat(languageFor("fr")).isEqualTo(Messages.VIETNAMESE);
        assertThat(languageFor("en;q=0.2, vi;q=0.8")).isEqualTo(Messages.VIETNAMESE);
        assertThat(languageFor(";;;q=x")).isEqualTo(Messages.VIETNAMESE);
        assertThat(languageFor("-")).as("a range the JDK's parser fails on").isEqualTo(Messages.VIETNAMESE);
    }

    private static Locale languageFor(String acceptLanguage) {
        var event = new APIGatewayV2HTTPEvent();
        event.setHeaders(acceptLanguage == null ? Map.of() : Map.of("accept-language", acceptLanguage));
        return Messages.languageOf(event);
    }

    private static Properties bundle(String language) throws IOException {
        Properties texts = new Properties();
        try (InputStream in = RefusalCatalogueTest.class.getResourceAsStream("/i18n/messages_" + language + ".properties")) {
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
