package coach.eco.learners.testing;

import coach.eco.learners.local.SentMail;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The mail the functions sent through the emulator's SES, as its recipients would read it. */
public final class Outbox {
    private static final Pattern TOKEN_LINK = Pattern.compile("#(?:version=[A-Za-z0-9.-]+&)?token=([A-Za-z0-9_-]{43})");
    private static final Set<String> TOKENS_READ = ConcurrentHashMap.newKeySet();

    public record Mail(String subject, String text, String html, List<String> htmlLinks) {
    }

    private Outbox() {
    }

    public static List<Mail> mailTo(String address) {
        return LocalAwsExtension.aws().sentMail().stream()
                .filter(mail -> mail.to().stream().anyMatch(address::equalsIgnoreCase))
                .map(mail -> new Mail(mail.subject(), mail.text(), mail.html(), mail.htmlLinks()))
                .toList();
    }

    public static Mail onlyMailTo(String address) {
        List<Mail> mails = mailTo(address);
        assertThat(mails).as("mail sent to one test learner").hasSize(1);
        return mails.get(0);
    }

    /** The token of the link in a mail; the text and HTML parts must carry the same link. */
    public static String tokenIn(Mail mail) {
        return tokenIn(mail, "");
    }

    /** The token of the link to one page ("/accept-policy") in a mail; text and HTML parts carry the same link. */
    public static String tokenIn(Mail mail, String page) {
        Matcher link = TOKEN_LINK.matcher(linkIn(mail, page));
        link.find();
        return link.group(1);
    }

    /** The whole link to one page ("/accept-policy") in a mail, as the learner clicks it; both parts carry it. */
    public static String linkIn(Mail mail, String page) {
        Matcher text = tokenLinkTo(page).matcher(mail.text());
        assertThat(text.find()).as("a link%s with a token in the text part", page).isTrue();
        String link = mail.text().substring(mail.text().lastIndexOf("http", text.start()), text.end());
        assertThat(mail.htmlLinks()).as("links of the HTML part").contains(link);
        TOKENS_READ.add(text.group(1));
        return link;
    }

    /**
     * A link to one page ("/accept-policy") with its token as group 1; a policy answer's link names its
     * version before the token.
     */
    public static Pattern tokenLinkTo(String page) {
        return Pattern.compile(Pattern.quote(page) + TOKEN_LINK.pattern());
    }

    /** Every link token the tests of this run read from a mail, for the check that logs hold none. */
    public static Set<String> tokensRead() {
        return Set.copyOf(TOKENS_READ);
    }
}
