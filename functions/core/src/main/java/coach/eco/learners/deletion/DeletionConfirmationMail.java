package coach.eco.learners.deletion;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.mail.LinkMail;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
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
            new LinkMails.LinkPage(TokenPurpose.CONFIRM_DELETION, "/confirm-deletion", "link", ChronoUnit.HOURS);

    private final LinkMails mails;
    private final AuditLog audit;
    private final Transactions transactions;
    private final LearnerConfiguration config;
    private final Clock clock;

    public DeletionConfirmationMail(LinkMails mails, AuditLog audit, Transactions transactions,
                                    LearnerConfiguration config, Clock clock) {
        this.mails = mails;
        this.audit = audit;
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
    }

    void send(EmailAddress email, DeletionKind kind, String profileId) {
        LinkMail mail = mails.mail(email, MailTemplate.CONFIRM_DELETION, kind.mailFlags())
                .link(CONFIRM_PAGE, profileId, ASKED_KIND.stored(kind),
                        clock.instant().plus(config.getDeletionConfirmationLinkTtl()));
        Writes writes = Writes.of(audit.record(profileId, AuditEvent.DELETION_REQUESTED,
                Map.of("kind", kind.wireName())));
        mail.writeTokens(writes);
        transactions.write(writes);
        if (mail.trySend()) {
            LOG.info("deletion confirmation sent profileId={}", profileId);
        }
    }
}
