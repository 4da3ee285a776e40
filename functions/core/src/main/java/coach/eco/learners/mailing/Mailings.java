package coach.eco.learners.mailing;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.staff.StaffCaller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The centre's mailings, one consent purpose each. Staff compose one; the policy mailing's fan-out and sender
 * then count whom it reaches (the function that lists every learner cannot decrypt, and the answers are
 * encrypted, so the count is theirs: staff read it with the mailing). A publisher has it sent, which hands it
 * to the same fan-out, queue and sender by an event. Sending again queues everyone again, and the sender mails
 * nobody twice. Each act is audited with who did it.
 */
@Singleton
public class Mailings {
    /** The events that hand a mailing to the fan-out: to count whom it reaches, and to send it. */
    public static final String EVENT_SOURCE = "learner-profiles.mailings";
    public static final String COMPOSED = "Purpose mailing composed";
    public static final String SENT = "Purpose mailing sent";
    private static final Logger LOG = LoggerFactory.getLogger(Mailings.class);

    /** What staff see of a mailing: its words, and how many learners it reached when counted (null meanwhile). */
    @Serdeable
    public record MailingView(String mailingId, String purposeId, String subjectVi, String subjectEn, String bodyVi,
                              String bodyEn, Instant composedAt, @Nullable Instant sendingRequestedAt,
                              @Nullable Long learnersReached) {
        static MailingView of(Mailing mailing) {
            return new MailingView(mailing.mailingId(), mailing.purposeId(), mailing.subjectVi(),
                    mailing.subjectEn(), mailing.bodyVi(), mailing.bodyEn(), mailing.composedAt(),
                    mailing.sendingRequestedAt(), mailing.learnersReached());
        }
    }

    private final MailingStore store;
    private final ConsentPurposeStore purposes;
    private final AuditLog audit;
    private final EventBridgeClient events;
    private final Clock clock;

    public Mailings(MailingStore store, ConsentPurposeStore purposes, AuditLog audit, EventBridgeClient events,
                    Clock clock) {
        this.store = store;
        this.purposes = purposes;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Keeps a new mailing, audited in the same write, and has whom it reaches counted; refuses a purpose the
     * centre does not ask about (422) before anything is written.
     */
    public MailingView compose(MailingDraft draft, StaffCaller staff, String route) {
        if (purposes.all().stream().noneMatch(purpose -> purpose.purposeId().equals(draft.purposeId()))) {
            throw Refused.invalidField("purposeId", FieldCode.UNKNOWN_PURPOSE);
        }
        Mailing mailing = new Mailing(UUID.randomUUID().toString(), draft.purposeId(), draft.subjectVi().strip(),
                draft.subjectEn().strip(), draft.bodyVi().strip(), draft.bodyEn().strip(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS), staff.roleArn(), null, null);
        store.write(Writes.of(store.put(mailing), audited(mailing, AuditEvent.MAILING_COMPOSED, staff, route)));
        handOn(mailing, COMPOSED);
        return MailingView.of(mailing);
    }

    /** The mailing as staff see it; 404 for an unknown id. */
    public MailingView forStaff(String mailingId) {
        return MailingView.of(load(mailingId));
    }

    /**
     * Has the mailing sent: the request recorded and audited, then handed to the fan-out. A learner who says no
     * before the sender reaches them gets nothing.
     */
    public MailingView send(String mailingId, StaffCaller staff, String route) {
        Mailing mailing = load(mailingId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!store.write(Writes.of(store.sendingRequested(mailingId, now),
                audited(mailing, AuditEvent.MAILING_SENT, staff, route)))) {
            throw Refusal.NO_SUCH_MAILING.refused();
        }
        handOn(mailing, SENT);
        return MailingView.of(new Mailing(mailing.mailingId(), mailing.purposeId(), mailing.subjectVi(),
                mailing.subjectEn(), mailing.bodyVi(), mailing.bodyEn(), mailing.composedAt(), mailing.composedBy(),
                now, mailing.learnersReached()));
    }

    /** The mailing, read in clear; empty if there is none with this id. */
    public Optional<Mailing> find(String mailingId) {
        return store.find(mailingId);
    }

    /** The purpose a mailing is for, with its names, for the mail's footer. */
    public Optional<ConsentPurpose> purposeOf(Mailing mailing) {
        return purposes.all().stream().filter(purpose -> purpose.purposeId().equals(mailing.purposeId())).findFirst();
    }

    private Mailing load(String mailingId) {
        return store.find(mailingId).orElseThrow(Refusal.NO_SUCH_MAILING::refused);
    }

    private void handOn(Mailing mailing, String detailType) {
        var response = events.putEvents(request -> request.entries(event -> event.source(EVENT_SOURCE)
                .detailType(detailType).detail("{\"mailingId\":\"" + mailing.mailingId() + "\"}")));
        if (response.failedEntryCount() > 0) {
            throw EventBridgeException.builder().message("mailing event not put").build();
        }
        LOG.info("mailing handed to the fan-out mailingId={} purposeId={} event={}", mailing.mailingId(),
                mailing.purposeId(), detailType);
    }

    private TransactWriteItem audited(Mailing mailing, AuditEvent event, StaffCaller staff, String route) {
        Map<String, String> facts = new HashMap<>(staff.auditFacts());
        facts.put("route", route);
        facts.put("mailingId", mailing.mailingId());
        facts.put("purposeId", mailing.purposeId());
        return audit.record(AuditLog.STAFF_ACCESS, event, facts);
    }
}
