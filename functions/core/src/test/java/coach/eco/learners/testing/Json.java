package coach.eco.learners.testing;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Request bodies written, and answers read, with the JSON mapper the functions use. */
public final class Json {
    private static final JsonMapper MAPPER = JsonMapper.createDefault();

    private Json() {
    }

    /** A value (a map, a list, a record the mapper knows) as a JSON body. */
    public static String of(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON body as the type the functions bind it to. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readValue(json, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each entry of a problem's errors, in order: its field, pointer, code and message. */
    public static List<List<String>> fieldErrorsOf(String problem) {
        List<List<String>> entries = new ArrayList<>();
        for (JsonNode entry : tree(problem).get("errors").values()) {
            entries.add(List.of(entry.get("field").getStringValue(), entry.get("pointer").getStringValue(),
                    entry.get("code").getStringValue(), entry.get("message").getStringValue()));
        }
        return entries;
    }

    /** The first string field of this name, at any depth (the first object that has one, in document order). */
    public static String field(String json, String name) {
        Optional<String> value = find(tree(json), name);
        assertThat(value).as("%s in %s", name, json).isPresent();
        return value.get();
    }

    private static Optional<String> find(JsonNode node, String name) {
        if (node.isObject()) {
            JsonNode value = node.get(name);
            if (value != null && value.isString()) {
                return Optional.of(value.getStringValue());
            }
        }
        if (node.isContainerNode()) {
            for (JsonNode child : node.values()) {
                Optional<String> found = find(child, name);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
