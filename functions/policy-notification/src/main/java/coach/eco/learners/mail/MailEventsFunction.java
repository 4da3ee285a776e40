package coach.eco.learners.mail;

import coach.eco.learners.aws.EventFunction;
import coach.eco.learners.newsletter.MailEvents;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/**
 * Lambda handler for the events SES sends through the configuration set to EventBridge: a
 * permanent bounce or a complaint suppresses the address (transient bounces are SES's to retry);
 * any other event, or one about mail of another configuration set, suppresses nobody.
 */
public class MailEventsFunction extends EventFunction<ScheduledEvent, Integer> {
    @Inject
    MailEvents mailEvents;

    public MailEventsFunction() {
    }

    public MailEventsFunction(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Integer handle(ScheduledEvent event) {
        Map<String, Object> detail = event.getDetail() == null ? Map.of() : event.getDetail();
        if (!mailEvents.isReportOnOurMail(event.getSource(), event.getDetailType(), configurationSetsOf(detail))) {
            return 0;
        }
        if (detail.get("bounce") instanceof Map<?, ?> bounce && "Permanent".equals(bounce.get("bounceType"))) {
            return mailEvents.suppress(addresses(bounce.get("bouncedRecipients")), "bounce");
        }
        if (detail.get("complaint") instanceof Map<?, ?> complaint) {
            return mailEvents.suppress(addresses(complaint.get("complainedRecipients")), "complaint");
        }
        return 0;
    }

    /** The configuration sets SES names in the report's mail tags. */
    private static List<String> configurationSetsOf(Map<String, Object> detail) {
        return detail.get("mail") instanceof Map<?, ?> mail && mail.get("tags") instanceof Map<?, ?> tags
                && tags.get("ses:configuration-set") instanceof List<?> sets
                ? sets.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
    }

    private static List<String> addresses(Object recipients) {
        return recipients instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(recipient -> ((Map<?, ?>) recipient).get("emailAddress"))
                        .filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
    }
}
