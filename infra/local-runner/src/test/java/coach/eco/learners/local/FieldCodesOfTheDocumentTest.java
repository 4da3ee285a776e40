package coach.eco.learners.local;

import coach.eco.learners.refusal.FieldCode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The website maps field errors by code: docs/openapi.yaml must list every code the API can answer, and no other. */
class FieldCodesOfTheDocumentTest {
    @Test
    @SuppressWarnings("unchecked")
    void theDocumentListsExactlyTheFieldCodesTheApiAnswers() throws Exception {
        Map<String, Object> document;
        try (Reader in = Files.newBufferedReader(SamTemplate.locate().projectRoot().resolve("docs/openapi.yaml"))) {
            document = new Yaml().load(in);
        }
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        Map<String, Object> problem = (Map<String, Object>) schemas.get("Problem");
        Map<String, Object> errors = (Map<String, Object>) ((Map<String, Object>) problem.get("properties")).get("errors");
        Map<String, Object> code = (Map<String, Object>) ((Map<String, Object>)
                ((Map<String, Object>) errors.get("items")).get("properties")).get("code");

        assertThat((List<String>) code.get("enum"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(FieldCode.values()).map(FieldCode::wireName).toList());
    }
}
