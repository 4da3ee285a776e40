package coach.eco.learners.testing;

import coach.eco.learners.local.SentMail;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ses.model.SendRawEmailRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every mail SES accepted from this test JVM, read from the calls themselves: for tests that read
 * mail hundreds of times, where reading the emulator's whole state each time would take minutes.
 * The mail is the same as in the emulator's mailbox ({@link Outbox}); it is only found faster.
 */
public final class MailSentByThisJvm implements ExecutionInterceptor {
    private record Sent(List<String> to, String mime) {
    }

    private static final List<Sent> SENT = new CopyOnWriteArrayList<>();

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof SendRawEmailRequest send) {
            SENT.add(new Sent(send.destinations(), send.rawMessage().data().asString(StandardCharsets.UTF_8)));
        }
    }

    /** The mail sent to one address, oldest first. */
    public static List<Outbox.Mail> to(String address) {
        return SENT.stream()
                .filter(sent -> sent.to().stream().anyMatch(address::equalsIgnoreCase))
                .map(sent -> {
                    try {
                        SentMail mail = SentMail.decode(sent.to(), sent.mime());
                        return new Outbox.Mail(mail.subject(), mail.text(), mail.html(), mail.htmlLinks());
                    } catch (Exception e) {
                        throw new IllegalStateException("a mail this JVM sent does not parse", e);
                    }
                })
                .toList();
    }
}
