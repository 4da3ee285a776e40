package coach.eco.learners.desk;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.staff.StaffCaller;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * The request register's steps: staff record a request made by phone, post, in person or email, with its
 * deadlines from the rule table, and the learner is told at once how it will be handled; the identity is
 * confirmed by the link mailed to the registered address, or by a document staff checked; the deadline is
 * extended once, with a reason; the request is refused with a reason, or carried out ({@link RequestActions}).
 * Every step is written with its audit record (actor and session, never a reason) in one transaction,
 * and its mail follows through the outbox.
 */
@Singleton
public class PrivacyRequests {
    private static final Logger LOG = LoggerFactory.getLogger(PrivacyRequests.class);
    private static final int TRIES = 3;

    private final RequestRegister register;
    private final DeadlineRules rules;
    private final RequestMail mail;
    private final ProfileStore profiles;
    private final AuditLog audit;
    private final TokenStore tokens;
    private final Transactions transactions;
    private final Clock clock;

    public PrivacyRequests(RequestRegister register, DeadlineRules rules, RequestMail mail, ProfileStore profiles,
                           AuditLog audit, TokenStore tokens, Transactions transactions, Clock clock) {
        this.register = register;
        this.rules = rules;
        this.mail = mail;
        this.profiles = profiles;
        this.audit = audit;
        this.tokens = tokens;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Records a confirmed learner's request as staff took it, acknowledged at once; the mail follows the commit. */
    public RequestView record(NewRequest form, StaffCaller staff) {
        NewRequest.Checked checked = form.checked();
        Profile learner = profiles.find(checked.profileId()).filter(Profile::isConfirmed)
                .orElseThrow(Refusal.NO_SUCH_PROFILE::refused);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<PrivacyRequest.Step> steps = new ArrayList<>(List.of(
                staffStep(PrivacyRequest.StepKind.RECEIVED, now, staff, null),
                staffStep(PrivacyRequest.StepKind.ACKNOWLEDGED, now, staff, null)));
        Instant confirmedAt = null;
        if (checked.identity() == PrivacyRequest.Identity.DOCUMENT) {
            confirmedAt = now;
            steps.add(staffStep(PrivacyRequest.StepKind.IDENTITY_CONFIRMED, now, staff, checked.documentCheck()));
        }
        PrivacyRequest request = new PrivacyRequest(UUID.randomUUID().toString(), checked.kind(), checked.channel(),
                learner.profileId(), now, checked.processorInvolved(), checked.identity(), confirmedAt,
                rules.acknowledgeBy(now), rules.dueBy(checked.kind(), checked.processorInvolved(), now, confirmedAt)
                .orElse(null), null, steps, checked.note(), null, 1);
        if (!register.write(request, audited(request, AuditEvent.PRIVACY_REQUEST_RECORDED, staff.auditFacts())
                .add(mail.outboxEntry(request.requestId(), request)))) {
            throw Refusal.PROFILE_CHANGED.refused();
        }
        mail.deliverNow(request.requestId(), request);
        LOG.info("privacy request recorded requestId={} kind={}", request.requestId(), request.kind().wireName());
        return view(request);
    }

    /**
     * A new request the desk opened in another store's transaction (an unauthorised profile suspended with
     * its report): its entry, its audit record and its mail's outbox entry added to {@code writes}.
     */
    Writes entered(PrivacyRequest request, Writes writes) {
        return writes.add(register.put(request)).add(auditRecord(request, AuditEvent.PRIVACY_REQUEST_RECORDED,
                Map.of("actor", request.steps().get(0).actor(), "actorSession", request.steps().get(0).actorSession())))
                .add(mail.outboxEntry(request.requestId(), request));
    }

    /** After that transaction's commit: the request's mail, now or from the outbox. */
    void committed(PrivacyRequest request) {
        mail.deliverNow(request.requestId(), request);
    }

    public RequestView view(String requestId) {
        return view(load(requestId));
    }

    /** Staff saw a document that shows the requester is the learner: recorded as a check, never as a copy. */
    public RequestView confirmByDocument(String requestId, String documentCheck, StaffCaller staff) {
        return change(requestId, staff, AuditEvent.PRIVACY_REQUEST_IDENTITY_CONFIRMED, request -> {
            if (request.identityConfirmed()) {
                return request;
            }
            Instant now = now();
            return confirmedAt(request, now, staffStep(PrivacyRequest.StepKind.IDENTITY_CONFIRMED, now, staff,
                    documentCheck));
        });
    }

    /** The learner followed the link mailed to the registered address: the request is theirs. */
    public void confirmByLink(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        for (int attempt = 0; attempt < TRIES; attempt++) {
            var grant = tokens.find(TokenPurpose.CONFIRM_REQUEST, token).orElseThrow(Refusal.INVALID_LINK::refused);
            PrivacyRequest request = register.find(grant.boundTo(RequestMail.REQUEST)).filter(PrivacyRequest::isOpen)
                    .filter(found -> grant.profileId().equals(found.profileId()))
                    .orElseThrow(Refusal.INVALID_LINK::refused);
            if (request.identityConfirmed()) {
                // Confirmed already (by a document, or by this link's other click an instant ago): the link is
                // used up all the same, so of two clicks at once the second is refused.
                if (!transactions.write(Writes.of(tokens.consume(TokenPurpose.CONFIRM_REQUEST, token,
                        grant.profileId())))) {
                    throw Refusal.INVALID_LINK.refused();
                }
                return;
            }
            Instant now = now();
            PrivacyRequest next = confirmedAt(request, now, new PrivacyRequest.Step(
                    PrivacyRequest.StepKind.IDENTITY_CONFIRMED, now, PrivacyRequest.LEARNER, null, null));
            Writes writes = Writes.of(tokens.consume(TokenPurpose.CONFIRM_REQUEST, token, grant.profileId()),
                    audit.record(request.profileId(), AuditEvent.PRIVACY_REQUEST_IDENTITY_CONFIRMED,
                            facts(request, Map.of("actor", PrivacyRequest.LEARNER))));
            if (register.write(next, writes)) {
                LOG.info("privacy request identity confirmed by link requestId={}", request.requestId());
                return;
            }
        }
        throw Refusal.INVALID_LINK.refused();
    }

    /** The one extension, with its reason and the days it adds (at most the configured number). */
    public RequestView extend(String requestId, String reason, @Nullable Integer days, StaffCaller staff) {
        Duration longest = rules.longestExtension();
        Duration added = days == null ? longest : Duration.ofDays(days);
        if (added.compareTo(longest) > 0) {
            throw Refusal.EXTENSION_TOO_LONG.refused();
        }
        return change(requestId, staff, AuditEvent.PRIVACY_REQUEST_EXTENDED, request -> {
            if (!rules.completion(request.kind(), request.processorInvolved()).extendable()) {
                throw Refusal.NOT_EXTENDABLE.refused();
            }
            if (request.extended()) {
                throw Refusal.ALREADY_EXTENDED.refused();
            }
            if (request.dueAt() == null) {
                throw Refusal.IDENTITY_NOT_CONFIRMED.refused();
            }
            return request.extendedTo(request.dueAt().plus(added),
                    staffStep(PrivacyRequest.StepKind.EXTENDED, now(), staff, reason));
        });
    }

    /** Refused, with the reason the requester is mailed. */
    public RequestView refuse(String requestId, String reason, StaffCaller staff) {
        return change(requestId, staff, AuditEvent.PRIVACY_REQUEST_REFUSED,
                request -> request.withStep(staffStep(PrivacyRequest.StepKind.REFUSED, now(), staff, reason)));
    }

    /** Carried out (by {@link RequestActions}, through the website's own service): done, and the requester told. */
    RequestView done(String requestId, StaffCaller staff) {
        return change(requestId, staff, AuditEvent.PRIVACY_REQUEST_DONE,
                request -> request.withStep(staffStep(PrivacyRequest.StepKind.DONE, now(), staff, null)));
    }

    /** An open request, for an action; refused if it is closed. */
    PrivacyRequest open(String requestId) {
        PrivacyRequest request = load(requestId);
        if (!request.isOpen()) {
            throw Refusal.REQUEST_CLOSED.refused();
        }
        return request;
    }

    private PrivacyRequest load(String requestId) {
        return register.find(requestId).orElseThrow(Refusal.NO_SUCH_REQUEST::refused);
    }

    /**
     * One step on an open request, written with its audit record and its mail's outbox entry; a request
     * changed meanwhile (another step, a link followed) is read again.
     */
    private RequestView change(String requestId, StaffCaller staff, AuditEvent event,
                               UnaryOperator<PrivacyRequest> step) {
        for (int attempt = 0; attempt < TRIES; attempt++) {
            PrivacyRequest request = open(requestId);
            PrivacyRequest next = step.apply(request);
            if (next == request) {
                return view(request);
            }
            Writes writes = audited(next, event, staff.auditFacts());
            if (next.lastMailedStep() != request.lastMailedStep()) {
                writes.add(mail.outboxEntry(requestId, next));
            }
            if (register.write(next, writes)) {
                if (next.lastMailedStep() != request.lastMailedStep()) {
                    mail.deliverNow(requestId, next);
                }
                LOG.info("privacy request step requestId={} event={}", requestId, event);
                return view(next);
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }

    private PrivacyRequest confirmedAt(PrivacyRequest request, Instant at, PrivacyRequest.Step step) {
        return request.confirmed(at, rules.dueBy(request.kind(), request.processorInvolved(), request.receivedAt(), at)
                .orElse(null), step);
    }

    /** The request's audit record, under its learner (or staff access, where there is none). */
    TransactWriteItem auditRecord(PrivacyRequest request, AuditEvent event, Map<String, String> who) {
        return audit.record(request.profileId() == null ? AuditLog.STAFF_ACCESS : request.profileId(), event,
                facts(request, who));
    }

    private Writes audited(PrivacyRequest request, AuditEvent event, Map<String, String> who) {
        return Writes.of(auditRecord(request, event, who));
    }

    private static Map<String, String> facts(PrivacyRequest request, Map<String, String> who) {
        Map<String, String> facts = new HashMap<>(who);
        facts.put("requestId", request.requestId());
        facts.put("kind", request.kind().wireName());
        return facts;
    }

    RequestView view(PrivacyRequest request) {
        return RequestView.of(request, rules.workingDays(), clock.instant());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static PrivacyRequest.Step staffStep(PrivacyRequest.StepKind kind, Instant at, StaffCaller staff,
                                         @Nullable String reason) {
        return new PrivacyRequest.Step(kind, at, staff.roleArn(), staff.sessionName(), reason);
    }
}
