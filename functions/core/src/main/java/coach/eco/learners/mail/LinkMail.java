package coach.eco.learners.mail;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenStore;
import io.micronaut.core.annotation.Nullable;
import software.amazon.awssdk.core.exception.SdkException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One mail and its one-time links ({@link LinkMails}): each link's token is minted when the link is
 * added, written by {@link #saveTokens} or in the caller's transaction ({@link #writeTokens}), and
 * discarded if the mail then fails.
 */
public final class LinkMail {
    private final EmailAddress to;
    private final MailTemplate template;
    private final Map<String, Object> values;
    private final Map<String, String> headers = new HashMap<>();
    private final List<TokenStore.Minted> minted = new ArrayList<>();
    private final TokenStore tokens;
    private final Mailer mailer;
    private final WebsiteLinks links;
    private final Clock clock;

    LinkMail(EmailAddress to, MailTemplate template, Map<String, Object> values, TokenStore tokens, Mailer mailer,
             WebsiteLinks links, Clock clock) {
        this.to = to;
        this.template = template;
        this.values = new HashMap<>(values);
        this.tokens = tokens;
        this.mailer = mailer;
        this.links = links;
        this.clock = clock;
    }

    /**
     * Adds a link to {@code page} whose new token grants the profile (and the thing it is bound to, if
     * any) until {@code expiresAt}, and, where the page says so, how long it is valid for.
     */
    public LinkMail link(LinkMails.LinkPage page, String profileId, @Nullable String boundTo, Instant expiresAt) {
        OneTimeToken token = OneTimeToken.generate();
        minted.add(new TokenStore.Minted(page.purpose(), token, profileId, boundTo, expiresAt));
        values.put(page.placeholder(), links.page(page.path(), token));
        if (page.validityUnit() != null) {
            values.put("valid" + page.validityUnit(), VietnamTime.validFor(
                    Duration.between(clock.instant(), expiresAt), page.validityUnit()));
        }
        return this;
    }

    /**
     * Adds two links that answer one question about a policy version (accept, refuse), with tokens bound
     * alike: using either uses up both, so the mail records one answer. Their pages show the version.
     */
    public LinkMail linkPair(LinkMails.LinkPage first, LinkMails.LinkPage second, String profileId,
                             String versionId, @Nullable String boundTo, Instant expiresAt) {
        OneTimeToken firstToken = OneTimeToken.generate();
        OneTimeToken secondToken = OneTimeToken.generate();
        minted.add(new TokenStore.Minted(first.purpose(), firstToken, profileId, boundTo, expiresAt,
                new TokenStore.Twin(second.purpose(), secondToken)));
        minted.add(new TokenStore.Minted(second.purpose(), secondToken, profileId, boundTo, expiresAt,
                new TokenStore.Twin(first.purpose(), firstToken)));
        values.put(first.placeholder(), links.page(first.path(), firstToken, versionId));
        values.put(second.placeholder(), links.page(second.path(), secondToken, versionId));
        return this;
    }

    /**
     * Adds header fields that carry a link (a {@code List-Unsubscribe}, say) whose token is {@code minted}: written
     * and discarded with the mail's other tokens.
     */
    public LinkMail headers(Map<String, String> fields, TokenStore.Minted token) {
        headers.putAll(fields);
        minted.add(token);
        return this;
    }

    /** Writes the links' tokens now, on their own. */
    public LinkMail saveTokens() {
        if (!minted.isEmpty()) {
            tokens.saveAll(minted);
        }
        return this;
    }

    /** Adds the links' tokens to the writes of the change this mail follows; send it once they commit. */
    public LinkMail writeTokens(Writes writes) {
        minted.forEach(token -> writes.add(tokens.put(token)));
        return this;
    }

    /** Sends the mail; if SES refuses it, its tokens are discarded and the failure is thrown. */
    public void send() {
        try {
            mailer.send(to, template, values, headers);
        } catch (SdkException e) {
            if (!minted.isEmpty()) {
                try {
                    tokens.discardAll(minted);
                } catch (SdkException expiresUnused) {
                    e.addSuppressed(expiresUnused);
                }
            }
            throw e;
        }
    }

    /**
     * Sends the mail, or, if SES refuses it, discards its tokens, logs and counts the failure and answers
     * false: for mail whose loss must not fail the request.
     */
    public boolean trySend() {
        return mailer.trySend(template, this::send);
    }
}
