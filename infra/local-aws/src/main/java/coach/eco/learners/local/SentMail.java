package coach.eco.learners.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import org.jsoup.Jsoup;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * An email the functions sent through the emulator's SES, read back from the emulator's state
 * ({@code /moto-api/data.json}) and decoded from MIME, the way a mail client shows it.
 */
public record SentMail(List<String> to, String subject, String text, String html, List<String> htmlLinks) {

    static List<SentMail> readFrom(URI endpoint) {
        try (InputStream in = endpoint.resolve("/moto-api/data.json").toURL().openStream()) {
            JsonNode raw = new ObjectMapper().readTree(in).path("ses").path("RawMessage");
            List<SentMail> mails = new ArrayList<>();
            for (JsonNode message : raw) {
                List<String> to = new ArrayList<>();
                message.path("destinations").forEach(address -> {
                    if (!to.contains(address.asText())) {
                        to.add(address.asText());
                    }
                });
                mails.add(decode(to, message.path("raw_data").asText()));
            }
            return mails;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot read the emulator's sent mail", e);
        }
    }

    private static SentMail decode(List<String> to, String mime) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
        String text = "";
        String html = "";
        if (message.getContent() instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                BodyPart part = parts.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    text = (String) part.getContent();
                } else if (part.isMimeType("text/html")) {
                    html = (String) part.getContent();
                }
            }
        } else {
            text = String.valueOf(message.getContent());
        }
        // The links as a mail client resolves them, HTML entities decoded.
        List<String> links = Jsoup.parse(html).select("a[href]").eachAttr("href");
        return new SentMail(List.copyOf(to), message.getSubject(), text, html, links);
    }
}
