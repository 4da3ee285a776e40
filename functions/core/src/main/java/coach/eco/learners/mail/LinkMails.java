package coach.eco.learners.mail;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Mails that carry a one-time link: the token is saved first, then the mail sent; a mail that fails
 * discards its token, and the failure is thrown (or, for one whose loss must not fail the request,
 * counted).
 */
@Singleton
public class LinkMails {
    private final TokenStore tokens;
    private final Transactions transactions;
    private final Mailer mailer;
    private final WebsiteLinks links;

    public LinkMails(TokenStore tokens, Transactions transactions, Mailer mailer, WebsiteLinks links) {
        this.tokens = tokens;
        this.transactions = transactions;
        this.mailer = mailer;
        this.links = links;
    }

    /** The page a link of one purpose opens, and the name the mail's template gives the link. */
    public record LinkPage(TokenPurpose purpose, String path, String placeholder) {
    }

    /**
     * Mails {@code template} to {@code to} with {@code values} and a new link to {@code page}, whose
     * token grants the profile (and the thing it is bound to, if any) until {@code expiresAt}.
     */
    public void send(EmailAddress to, MailTemplate template, Map<String, Object> values, LinkPage page,
                     String profileId, @Nullable String boundTo, Instant expiresAt) {
        OneTimeToken token = OneTimeToken.generate();
        tokens.save(page.purpose(), token, profileId, boundTo, expiresAt);
        sendOrDiscard(to, template, values, page, token);
    }

    /**
     * The same, but the token is written in one transaction with {@code alongside} (the audit of what
     * the link is for, say), and a mail that SES refuses is logged, counted and answered false instead
     * of thrown (its token discarded all the same).
     */
    public boolean trySend(EmailAddress to, MailTemplate template, Map<String, Object> values, LinkPage page,
                           String profileId, @Nullable String boundTo, Instant expiresAt,
                           Writes alongside) {
        OneTimeToken token = OneTimeToken.generate();
        transactions.write(alongside.add(tokens.put(page.purpose(), token, profileId, boundTo, expiresAt)));
        return mailer.trySend(template, () -> sendOrDiscard(to, template, values, page, token));
    }

    /** Sends the mail with the token's link; a send that fails discards the token and is thrown. */
    private void sendOrDiscard(EmailAddress to, MailTemplate template, Map<String, Object> values, LinkPage page,
                               OneTimeToken token) {
        Map<String, Object> withLink = new HashMap<>(values);
        withLink.put(page.placeholder(), links.page(page.path(), token));
        tokens.sendOrDiscard(page.purpose(), token, () -> mailer.send(to, template, withLink));
    }

    /** A mail without a link. */
    public void send(EmailAddress to, MailTemplate template, Map<String, Object> values) {
        mailer.send(to, template, values);
    }

    /** A page of the website that needs no token. */
    public String page(String path) {
        return links.page(path);
    }
}
