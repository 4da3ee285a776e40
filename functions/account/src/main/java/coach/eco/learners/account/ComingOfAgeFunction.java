package coach.eco.learners.account;

import coach.eco.learners.aws.EventFunction;
import coach.eco.learners.comingofage.ComingOfAge;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Lambda handler for the daily coming-of-age run: each learner under 16 at signup who is no longer a child this
 * year is mailed, once, that they are now in charge of their data.
 */
public class ComingOfAgeFunction extends EventFunction<Map<String, Object>, ComingOfAge.Report> {
    @Inject
    ComingOfAge comingOfAge;

    public ComingOfAgeFunction() {
    }

    public ComingOfAgeFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ComingOfAge.Report handle(Map<String, Object> scheduleInput) {
        return comingOfAge.run();
    }
}
