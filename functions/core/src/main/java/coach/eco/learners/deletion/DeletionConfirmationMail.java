package coach.eco.learners.deletion;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.WebsiteLinks;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The mail with the link that confirms a request made on the public form. Its token and the audit
 * of the request are written before it is sent, not through the outbox: a mail that fails is
 * counted and not retried, and the learner asks again (the form answers alike whatever happens).
 */
@Singleton
public class DeletionConfirmationMail {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionConfirmationMail.class);
    /** A confirmation link is bound to what the form asked for: deletion or deactivation. */
    static final TokenBinding<DeletionKind> ASKED_KIND = TokenBinding.of(DeletionKind::name, DeletionKind::valueOf);

    private final TokenStore tokens;
    private final Transactions transactions;
    private final AuditLog audit;
    private final Mailer mailer;
    private final WebsiteLinks links;
    private final LearnerConfiguration config;
    private final Clock clock;

    public DeletionConfirmationMail(TokenStore tokens, Transactions transactions, AuditLog audit, Mailer mailer,
                                    WebsiteLinks links, LearnerConfiguration config, Clock clock) {
        this.tokens = tokens;
        this.transactions = transactions;
        this.audit = audit;
        this.mailer = mailer;
        this.links = links;
        this.config = config;
        this.clock = clock;
    }

    void send(EmailAddress email, DeletionKind kind, String profileId) {
        Instant now = clock.instant();
        OneTimeToken token = OneTimeToken.generate();
        Duration ttl = config.getDeletionConfirmationLinkTtl();
        transactions.write(
                tokens.put(TokenPurpose.CONFIRM_DELETION, token, profileId, ASKED_KIND.stored(kind), now.plus(ttl)),
                audit.record(profileId, AuditEvent.DELETION_REQUESTED, Map.of("kind", kind.wireName())));
        if (mailer.trySend(email, MailTemplate.CONFIRM_DELETION, withKind(kind, Map.of(
                "link", links.page("/confirm-deletion", token),
                "validHours", Math.max(1, ttl.toHours()))))) {
            LOG.info("deletion confirmation sent profileId={}", profileId);
        }
    }

    /** The values, in a map open to more, with the flags a deletion mail's template words itself by. */
    static Map<String, Object> withKind(DeletionKind kind, Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("delete", kind == DeletionKind.DELETE);
        all.put("deactivate", kind == DeletionKind.DEACTIVATE);
        return all;
    }
}
