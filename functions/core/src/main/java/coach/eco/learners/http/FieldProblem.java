package coach.eco.learners.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One refused field as a problem lists it: the field's name (as before pointers), the field as a
 * JSON pointer (RFC 6901) into the body ("" for the body itself), its stable code and the message in
 * the caller's language.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS) // "" is the body's own pointer: written, not left out as empty
public record FieldProblem(String field, String pointer, String code, String message) {
}
