package coach.eco.learners.refusal;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Present, with something besides white space as the API document's patterns count it ({@code \s}, Unicode's
 * White_Space): a text of no-break or ideographic spaces is blank, which {@code @NotBlank} (Java's
 * {@code isWhitespace}) would take for text.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Constraint(validatedBy = {})
public @interface HasText {
    String message();

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
