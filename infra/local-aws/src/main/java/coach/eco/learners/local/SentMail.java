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

    /** Reads moto's state, or else LocalStack's mailbox ({@code /_aws/ses}). */
    static List<SentMail> readFrom(URI endpoint) {
        try {
            JsonNode moto = read(endpoint.resolve("/moto-api/data.json?service=ses"));
            if (moto != null) {
                return decodeAll(moto.path("ses").path("RawMessage"), "destinations", "raw_data");
            }
            JsonNode localStack = read(endpoint.resolve("/_aws/ses"));
            if (localStack == null) {
                throw new IllegalStateException("the AWS endpoint shows no sent mail: neither moto nor LocalStack");
            }
            return decodeAll(localStack.path("messages"), "Destination", "RawData");
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("cannot read the emulator's sent mail", e);
        }
    }

    private static JsonNode read(URI url) throws IOException {
        try (InputStream in = url.toURL().openStream()) {
            return new ObjectMapper().readTree(in);
        } catch (java.io.FileNotFoundException notThere) {
            return null;
        }
    }

    private static List<SentMail> decodeAll(JsonNode messages, String destinations, String rawData)
            throws MessagingException, IOException {
        List<SentMail> mails = new ArrayList<>();
        for (JsonNode message : messages) {
            List<String> to = new ArrayList<>();
            // moto lists the addresses; LocalStack keeps SES's Destination object.
            JsonNode addresses = message.path(destinations);
            (addresses.isArray() ? addresses : addresses.path("ToAddresses")).forEach(address -> {
                if (!to.contains(address.asText())) {
                    to.add(address.asText());
                }
            });
            mails.add(decode(to, message.path(rawData).asText()));
        }
        return mails;
    }

    /** One mail as its recipients would read it, from its MIME text. */
    public static SentMail decode(List<String> to, String mime) throws MessagingException, IOException {
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
