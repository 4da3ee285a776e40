package coach.eco.learners.http;

import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Walks every refusal of the catalogue to the response a caller gets, and to its row in
 * docs/api.md: a refusal without a mapping, or one the document does not list as the API answers
 * it, fails here.
 */
class RefusalCatalogueTest {
    /** A row of the catalogue in docs/api.md: | `REFUSAL` | status | `type` | title | when |. */
    private static final Pattern ROW = Pattern.compile(
            "^\\| `([A-Z0-9_]+)` \\| (\\d{3}) \\| `([a-z-]+)` \\| ([^|]+?) \\|", Pattern.MULTILINE);
    private static ApplicationContext context;
    private static HttpExchange http;
    private static JsonMapper json;
    private static Map<String, Row> documented;

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
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void everyRefusal_isAnsweredWithItsProblem_asDocsApiListsIt(Refusal refusal) throws IOException {
        APIGatewayV2HTTPResponse response = http.problem(Problem.of(refusal.refused(), "request-1"));
        Problem body = json.readValue(response.getBody(), Problem.class);

        ProblemTypes.ProblemType mapped = ProblemTypes.of(refusal);
        assertThat(response.getStatusCode()).isEqualTo(mapped.status()).isBetween(400, 499);
        assertThat(response.getHeaders().get("content-type")).startsWith("application/problem+json");
        assertThat(body.type()).isEqualTo("urn:learner-profiles:problem:" + mapped.type());
        assertThat(body.title()).isEqualTo(mapped.title());
        assertThat(body.status()).isEqualTo(mapped.status());
        assertThat(body.detail()).isEqualTo(refusal.reason());

        assertThat(documented.get(refusal.name())).as("the row of %s in docs/api.md", refusal)
                .isEqualTo(new Row(mapped.status(), mapped.type(), mapped.title()));
    }

    @Test
    void docsApi_listsNoRefusalTheCodeDoesNotHave() {
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Refusal.values()).map(Refusal::name).toList());
    }

    @Test
    void aSessionRefusal_tellsTheSchemeToUse() {
        assertThat(http.problem(Problem.of(Refusal.NOT_SIGNED_IN.refused(), "request-1")).getHeaders())
                .containsEntry("www-authenticate", "Bearer");
    }

    @Test
    void fieldErrors_travelWithTheirRefusal() throws IOException {
        Refused refused = Refused.invalidField("email", "must be a valid email address");
        Problem body = json.readValue(http.problem(Problem.of(refused, "request-1")).getBody(), Problem.class);
        assertThat(body.status()).isEqualTo(422);
        assertThat(body.errors()).extracting("field", "message")
                .containsExactly(tuple("email", "must be a valid email address"));
    }
}
