package coach.eco.learners.mail;

import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Every mail the learners get, and the one-time links in it: a link's token is minted with the mail and
 * written before it is sent (on its own, or in the transaction of the change the mail follows), and a
 * mail that fails discards its tokens, so no token outlives a mail that never went.
 */
@Singleton
public class LinkMails {
    private final TokenStore tokens;
    private final Mailer mailer;
    private final WebsiteLinks links;
    private final Clock clock;

    public LinkMails(TokenStore tokens, Mailer mailer, WebsiteLinks links, Clock clock) {
        this.tokens = tokens;
        this.mailer = mailer;
        this.links = links;
        this.clock = clock;
    }

    /**
     * The page a link of one purpose opens, the template value that carries the link, and the unit the
     * mail tells its validity in ({@code valid<Unit>}, as {@code validHours}); null where it tells none.
     */
    public record LinkPage(TokenPurpose purpose, String path, String placeholder, @Nullable ChronoUnit validityUnit) {
    }

    /** A mail of {@code template} to {@code to} with {@code values}; add its links, then send it. */
    public LinkMail mail(EmailAddress to, MailTemplate template, Map<String, Object> values) {
        return new LinkMail(to, template, values, tokens, mailer, links, clock);
    }

    /** A page of the website that needs no token. */
    public String page(String path) {
        return links.page(path);
    }
}
