package coach.eco.learners.mail;

import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.metrics.Metric;
import coach.eco.learners.metrics.Metrics;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ses.SesClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Sends the learner emails through SES's {@code SendRawEmail} as MIME multipart/alternative: plain text and
 * HTML, Vietnamese first and English below. The SES API rather than SES v2: the same call, and the one that
 * both local emulators (moto, open-source LocalStack) serve. Templates are Mustache: in the HTML part every value is
 * HTML-escaped, in the text part none is.
 */
@Singleton
public class Mailer {
    private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
    private record Parts(Template subject, Template text, Template html) {
    }

    private final SesClient ses;
    private final String sender;
    /** SES reports bounces and complaints of mail sent under this set (template: MailConfigurationSet). */
    private final String configurationSet;
    private final Session session;
    private final Map<MailTemplate, Parts> templates = new EnumMap<>(MailTemplate.class);
    private final Metrics metrics;

    public Mailer(SesClient ses, LearnerConfiguration config, Metrics metrics) {
        this.ses = ses;
        this.metrics = metrics;
        this.sender = config.getSenderAddress();
        this.configurationSet = config.getMailConfigurationSet();
        Properties properties = new Properties();
        // Message ids are built from this address, not from a host name lookup.
        properties.setProperty("mail.from", sender);
        this.session = Session.getInstance(properties);
        Mustache.Compiler text = Mustache.compiler().escapeHTML(false).strictSections(true);
        // HTML parts share a header and footer: {{>_header}} reads /mail/_header.html.mustache.
        Mustache.Compiler html = Mustache.compiler().escapeHTML(true).strictSections(true)
                .withLoader(partial -> new StringReader(read(partial, "html")));
        for (MailTemplate template : MailTemplate.values()) {
            templates.put(template, new Parts(
                    text.compile(read(template.resourceName(), "subject.txt")),
                    text.compile(read(template.resourceName(), "txt")),
                    html.compile(read(template.resourceName(), "html"))));
        }
    }

    public void send(EmailAddress to, MailTemplate template, Map<String, Object> values) {
        send(to, template, values, Map.of());
    }

    /** The same, with header fields of its own (a mailing's {@code List-Unsubscribe}, say). */
    public void send(EmailAddress to, MailTemplate template, Map<String, Object> values, Map<String, String> headers) {
        byte[] mime = render(to, template, values, headers);
        ses.sendRawEmail(request -> request
                .source(sender)
                .configurationSetName(configurationSet)
                .destinations(to.deliverable())
                .rawMessage(raw -> raw.data(SdkBytes.fromByteArray(mime))));
    }

    /**
     * Renders every email once, to the sample address given and sending nothing, so that the first real email
     * finds the templates and MIME classes loaded. The sample values are those each template names.
     */
    public void prime(EmailAddress sample) {
        Map<String, Object> values = new HashMap<>();
        for (String name : List.of("link", "signInUrl", "deleteUrl", "deletionUrl", "cancelLink", "policyUrl",
                "acceptLink", "refuseLink", "fullName", "versionId", "summaryVi", "summaryEn", "erasureDateVi",
                "erasureDateEn", "effectiveDateVi", "effectiveDateEn", "requestRef", "kindVi", "kindEn", "receivedVi",
                "receivedEn", "dueVi", "dueEn", "reason", "subjectVi", "subjectEn", "bodyVi", "bodyEn", "purposeNameVi",
                "purposeNameEn")) {
            values.put(name, "https://eco-coach.example/");
        }
        values.putAll(Map.of("validHours", 24, "validMinutes", 15, "validDays", 7, "delete", true, "deactivate", false,
                "paused", false, "consent", true, "reminder", false));
        values.putAll(Map.of("hasDue", true, "confirm", true, "access", true, "inactivityMonths", 24, "guardian", false,
                "purposes", List.of(Map.of("nameVi", "Tin tức", "nameEn", "News"))));
        for (MailTemplate template : MailTemplate.values()) {
            render(sample, template, values, Map.of());
        }
    }

    /**
     * Sends, or logs (without the address) that SES refused and returns false. For mail whose loss
     * must not fail the request: on a public route a 503 for a known email alone would tell the
     * caller the email is known; after a committed change the change stands without its notice.
     */
    public boolean trySend(EmailAddress to, MailTemplate template, Map<String, Object> values) {
        return trySend(template, () -> send(to, template, values));
    }

    /** The same for a mail that {@code send} sends in its own way (with a link, say). */
    boolean trySend(MailTemplate template, Runnable send) {
        try {
            send.run();
            return true;
        } catch (SdkException e) {
            LOG.warn("mail not sent template={} error={}", template, e.getClass().getName());
            metrics.count(Metric.MAIL_NOT_SENT);
            return false;
        }
    }

    private byte[] render(EmailAddress to, MailTemplate template, Map<String, Object> values,
                          Map<String, String> headers) {
        Parts parts = templates.get(template);
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(sender));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.deliverable()));
            message.setSubject(parts.subject().execute(values).strip(), "UTF-8");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                message.setHeader(header.getKey(), header.getValue());
            }
            MimeBodyPart text = new MimeBodyPart();
            text.setText(parts.text().execute(values), "UTF-8", "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(parts.html().execute(values), "UTF-8", "html");
            message.setContent(new MimeMultipart("alternative", text, html));
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("email " + template + " could not be built", e);
        }
    }

    private static String read(String name, String part) {
        String path = "/mail/" + name + "." + part + ".mustache";
        try (InputStream in = Mailer.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing mail template " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
