package coach.eco.learners.policy;

import coach.eco.learners.aws.EventFunction;
import coach.eco.learners.desk.BreachFanOut;
import coach.eco.learners.desk.Breaches;
import coach.eco.learners.mailing.MailingFanOut;
import coach.eco.learners.mailing.Mailings;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

/**
 * Lambda handler for the EventBridge event a publication emits: queues every confirmed learner,
 * in batches, for the policy-change email; and for the privacy desk's breach notice, the learners the
 * breach affects; and for a staff mailing for one consent purpose, every confirmed learner, to be counted when it
 * is composed and mailed when it is sent (the sender reads who said yes). Reads plain attributes only: its role cannot decrypt.
 */
public class PolicyFanOutFunction extends EventFunction<ScheduledEvent, Object> {
    @Inject
    PolicyFanOut fanOut;

    @Inject
    BreachFanOut breachFanOut;

    @Inject
    MailingFanOut mailingFanOut;

    public PolicyFanOutFunction() {
    }

    public PolicyFanOutFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Object handle(ScheduledEvent event) {
        if (Breaches.EVENT_DETAIL_TYPE.equals(event.getDetailType())) {
            return breachFanOut.run(String.valueOf(event.getDetail().get("breachId")));
        }
        if (Mailings.COMPOSED.equals(event.getDetailType()) || Mailings.SENT.equals(event.getDetailType())) {
            return mailingFanOut.run(String.valueOf(event.getDetail().get("mailingId")),
                    Mailings.COMPOSED.equals(event.getDetailType()));
        }
        return fanOut.run(String.valueOf(event.getDetail().get("versionId")));
    }
}
