package coach.eco.learners.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An email the functions sent through the emulator's SES, read back from the emulator (moto's state, or
 * LocalStack's mailbox) and decoded from MIME, the way a mail client shows it, with its header fields (the first
 * of each name) as a mail client acts on them ({@code List-Unsubscribe}, say).
 */
public record SentMail(List<String> to, String subject, String text, String html, List<String> htmlLinks,
                       Map<String, String> headers) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /**
     * Each message as decoded the first time it was read: the mailbox only grows, and tests read it
     * again and again, so each read decodes only what is new.
     */
    private static final Map<String, SentMail> DECODED = new ConcurrentHashMap<>();

    /**
     * Where an AWS endpoint keeps the mail its SES sent. Told apart by what the endpoint says it is, not by
     * which path it lacks: LocalStack's health endpoint answers whatever services it runs and has loaded.
     */
    enum Mailbox {
        /** moto's state of SES: each raw message with its destinations. */
        MOTO("/moto-api/data.json?service=ses"),
        /** LocalStack's mailbox, there once SES has loaded: each message as sent. */
        LOCALSTACK("/_aws/ses");

        private final String path;

        Mailbox(String path) {
            this.path = path;
        }

        static Mailbox at(URI endpoint) {
            Answer health = get(endpoint.resolve("/_localstack/health"));
            if (health.json() != null && health.json().has("services")) {
                return LOCALSTACK;
            }
            Answer state = get(endpoint.resolve(MOTO.path));
            if (state.json() != null && state.json().isObject()) {
                return MOTO;
            }
            throw new IllegalStateException("the AWS endpoint " + endpoint + " shows no sent mail: neither LocalStack"
                    + " (/_localstack/health answered " + health.status() + ") nor moto (/moto-api/data.json answered "
                    + state.status() + ")");
        }

        /** Every email sent through the endpoint so far, oldest first. */
        List<SentMail> read(URI endpoint) {
            Answer answer = get(endpoint.resolve(path));
            if (answer.json() == null) {
                throw new IllegalStateException("the emulator's sent mail (" + path + ") answered " + answer.status());
            }
            try {
                // LocalStack keeps no recipients of raw mail (SES takes them from the MIME when a call names none).
                return this == MOTO
                        ? decodeAll(answer.json().path("ses").path("RawMessage"), "raw_data", "destinations")
                        : decodeAll(answer.json().path("messages"), "RawData", null);
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException("cannot read the emulator's sent mail", e);
            }
        }
    }

    /** An HTTP status, and the body if it was JSON. */
    private record Answer(int status, JsonNode json) {
    }

    private static Answer get(URI url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return new Answer(response.statusCode(), null);
            }
            try {
                return new Answer(200, JSON.readTree(response.body()));
            } catch (JsonProcessingException notJson) {
                return new Answer(200, null);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the AWS endpoint at " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + url, e);
        }
    }

    /** The raw messages among those listed, each to the addresses listed with it, or else to those its MIME names. */
    private static List<SentMail> decodeAll(JsonNode messages, String rawData, String destinations)
            throws MessagingException, IOException {
        List<SentMail> mails = new ArrayList<>();
        for (JsonNode message : messages) {
            // The functions send raw MIME only; LocalStack also lists simple mail, without it.
            if (!message.hasNonNull(rawData)) {
                continue;
            }
            String mime = message.path(rawData).asText();
            List<String> to = new ArrayList<>();
            if (destinations == null) {
                to.addAll(recipientsOf(mime));
            } else {
                message.path(destinations).forEach(address -> {
                    if (!to.contains(address.asText())) {
                        to.add(address.asText());
                    }
                });
            }
            mails.add(decodedOnce(to, mime));
        }
        return mails;
    }

    /** The addresses a MIME message is written to (To, Cc, Bcc). */
    private static List<String> recipientsOf(String mime) throws MessagingException {
        Address[] recipients = parse(mime).getAllRecipients();
        return recipients == null ? List.of() : Arrays.stream(recipients)
                .map(address -> ((InternetAddress) address).getAddress()).distinct().toList();
    }

    private static MimeMessage parse(String mime) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(mime.getBytes(StandardCharsets.UTF_8)));
    }

    /** One mail as its recipients would read it, from its MIME text. */
    private static SentMail decodedOnce(List<String> to, String mime) throws MessagingException, IOException {
        String key = to + "\n" + mime;
        SentMail mail = DECODED.get(key);
        if (mail == null) {
            mail = decode(to, mime);
            DECODED.put(key, mail);
        }
        return mail;
    }

    public static SentMail decode(List<String> to, String mime) throws MessagingException, IOException {
        MimeMessage message = parse(mime);
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
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : Collections.list(message.getAllHeaders())) {
            headers.putIfAbsent(header.getName(), header.getValue());
        }
        return new SentMail(List.copyOf(to), message.getSubject(), text, html, links, Map.copyOf(headers));
    }
}
