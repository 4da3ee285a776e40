package coach.eco.learners.refusal;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;

import java.util.regex.Pattern;

/** Checks {@link HasText}. */
@Singleton
public class HasTextValidator implements ConstraintValidator<HasText, CharSequence> {
    private static final Pattern NOT_WHITE_SPACE = Pattern.compile("(?U)\\S");

    @Override
    public boolean isValid(CharSequence value, AnnotationValue<HasText> annotation, ConstraintValidatorContext context) {
        return value != null && NOT_WHITE_SPACE.matcher(value).find();
    }
}
