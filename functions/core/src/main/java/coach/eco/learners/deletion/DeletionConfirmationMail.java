package coach.eco.learners.deletion;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The mail with the link that confirms a request made on the public form. Its token and the audit
 * of the request are written together before it is sent, not through the outbox: a mail that fails
 * is counted and not retried (its token is discarded, the request stays audited), and the learner
 * asks again (the form answers alike whatever happens).
 */
@Singleton
public class DeletionConfirmationMail {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionConfirmationMail.class);
    /** A confirmation link is bound to what the form asked for: deletion or deactivation. */
    static final TokenBinding<DeletionKind> ASKED_KIND = TokenBinding.of(DeletionKind::name, DeletionKind::valueOf);

    private static final LinkMails.LinkPage CONFIRM_PAGE =
            new LinkMails.LinkPage(TokenPurpose.CONFIRM_DELETION, "/confirm-deletion", "link");

    private final LinkMails mails;
    private final AuditLog audit;
    private final LearnerConfiguration config;
    private final Clock clock;

    public DeletionConfirmationMail(LinkMails mails, AuditLog audit, LearnerConfiguration config, Clock clock) {
        this.mails = mails;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    void send(EmailAddress email, DeletionKind kind, String profileId) {
        Duration ttl = config.getDeletionConfirmationLinkTtl();
        Map<String, Object> values = new HashMap<>(kind.mailFlags());
        values.put("validHours", Math.max(1, ttl.toHours()));
        var requested = audit.record(profileId, AuditEvent.DELETION_REQUESTED, Map.of("kind", kind.wireName()));
        if (mails.trySend(email, MailTemplate.CONFIRM_DELETION, values, CONFIRM_PAGE, profileId,
                ASKED_KIND.stored(kind), clock.instant().plus(ttl), Writes.of(requested))) {
            LOG.info("deletion confirmation sent profileId={}", profileId);
        }
    }
}
