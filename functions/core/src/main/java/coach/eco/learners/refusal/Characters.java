package coach.eco.learners.refusal;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A text's length in characters (Unicode code points), as JSON Schema's {@code minLength} and {@code maxLength}
 * count them in the API document; {@code @Size} counts UTF-16 units, so a letter outside the Basic Multilingual
 * Plane would count twice. Null is left to {@code @NotNull}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.TYPE_USE})
@Constraint(validatedBy = {})
public @interface Characters {
    /** Staff's text: any characters but control and format ones (with {@code @Pattern}, refused as invalid-characters). */
    String PLAIN_TEXT = "[^\\p{Cc}\\p{Cf}]*";

    int min() default 0;

    int max();

    String message() default "";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
