package coach.eco.learners.refusal;

import io.micronaut.core.annotation.AnnotationValue;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import io.micronaut.validation.validator.constraints.ConstraintValidatorContext;
import jakarta.inject.Singleton;

/** Checks {@link Characters}: the length in code points. */
@Singleton
public class CharactersValidator implements ConstraintValidator<Characters, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, AnnotationValue<Characters> annotation,
                           ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        long length = value.codePoints().count();
        return length >= annotation.intValue("min").orElse(0) && length <= annotation.intValue("max").orElseThrow();
    }
}
