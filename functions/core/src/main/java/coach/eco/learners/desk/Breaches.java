package coach.eco.learners.desk;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.HasText;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.refusal.FieldChecks;
import coach.eco.learners.refusal.FieldCode;
import coach.eco.learners.refusal.FieldError;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.staff.StaffCaller;
import coach.eco.learners.time.Rfc3339;
import coach.eco.learners.time.VietnamTime;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The breach register (Law 91/2025/QH15): staff open an incident with when it was detected, what happened,
 * which kinds of data, which learners it affects (a selection the code offers: every confirmed learner, or
 * those whose profile was created in a period) and the notice to mail them, written by staff in both
 * languages. The register keeps the 72-hour clock to the authority's notice, in the deadline check's queue
 * until the notice is recorded, and sends the learners' notice through the policy mailing's fan-out, queue
 * and sender, once per learner. Everything but times and states is the entry's encrypted part.
 */
@Singleton
public class Breaches {
    private static final Logger LOG = LoggerFactory.getLogger(Breaches.class);
    static final String ENTRY = "breach";
    /** The deadline check's queue of breaches whose authority notice is not recorded. */
    static final String OPEN = "breach";
    /** The event that hands a breach notice to the policy mailing's fan-out. */
    public static final String EVENT_SOURCE = "learner-profiles.privacy-desk";
    public static final String EVENT_DETAIL_TYPE = "Breach notice approved";

    /**
     * Which learners a breach affects: every confirmed learner, or those whose profile was created in a
     * period (from, until: a day in Vietnam or an instant; either may be left open).
     */
    @Serdeable
    public record Affected(
            @NotBlank
            @Pattern(regexp = "all|created-between", message = "invalid-choice")
            String query,
            @Nullable @Characters(max = 40) String from,
            @Nullable @Characters(max = 40) String until) {

        /** Whether this is one of the selections offered (the pattern above says which). */
        boolean offered() {
            return "all".equals(query) || "created-between".equals(query);
        }

        boolean byPeriod() {
            return "created-between".equals(query);
        }

        @Nullable
        Instant fromInstant() {
            return from == null ? null : bound(from);
        }

        @Nullable
        Instant untilInstant() {
            return until == null ? null : bound(until);
        }

        /** A bound of a creation period: the start of a day in Vietnam (YYYY-MM-DD), or an instant to the second. */
        private static Instant bound(String text) {
            return text.length() == 10 ? Rfc3339.date(text).atStartOfDay(VietnamTime.ZONE).toInstant()
                    : instant(text);
        }
    }

    /** The mail to the affected learners, in staff's words, both languages. */
    @Serdeable
    public record Notice(
            @HasText @Characters(max = 150)
            @Pattern(regexp = Forms.PLAIN_TEXT, message = "invalid-characters") String subjectVi,
            @HasText @Characters(max = 150)
            @Pattern(regexp = Forms.PLAIN_TEXT, message = "invalid-characters") String subjectEn,
            @HasText @Characters(max = 5000)
            @Pattern(regexp = "[^\\p{Cf}]*", message = "invalid-characters") String bodyVi,
            @HasText @Characters(max = 5000)
            @Pattern(regexp = "[^\\p{Cf}]*", message = "invalid-characters") String bodyEn) {
    }

    @Serdeable
    public record NewBreach(
            @NotBlank String detectedAt,
            @HasText @Characters(max = 5000)
            @Pattern(regexp = "[^\\p{Cf}]*", message = "invalid-characters") String description,
            @NotEmpty
            @Size(max = 20)
            List<@HasText @Characters(max = 100)
                    @Pattern(regexp = Forms.PLAIN_TEXT, message = "invalid-characters") String> categories,
            @NotNull @Valid Affected affected,
            @NotNull @Valid Notice notice) implements FieldChecks {

        /**
         * The formats of the detection time and the period's bounds, and a period given with the selection by period
         * and only with it.
         */
        @Override
        public List<FieldError> fieldErrors() {
            List<FieldError> errors = new ArrayList<>();
            if (detectedAt != null && !detectedAt.isBlank()) {
                checkFormat("detectedAt", "instant", () -> instant(detectedAt), errors);
            }
            if (affected != null) {
                checkFormat("affected.from", "date-or-instant", affected::fromInstant, errors);
                checkFormat("affected.until", "date-or-instant", affected::untilInstant, errors);
                boolean periodGiven = affected.from() != null || affected.until() != null;
                if (affected.byPeriod() && !periodGiven) {
                    errors.add(new FieldError("affected", FieldCode.INCONSISTENT, "created-between"));
                }
                if (affected.offered() && !affected.byPeriod() && periodGiven) {
                    errors.add(new FieldError("affected", FieldCode.INCONSISTENT, "all"));
                }
            }
            return errors;
        }

        /** Besides {@link #fieldErrors()}, a detection after {@code now}. */
        @Override
        public List<FieldError> fieldErrorsAt(Instant now) {
            List<FieldError> errors = fieldErrors();
            if (detectedAt != null && !detectedAt.isBlank()
                    && errors.stream().noneMatch(error -> error.field().equals("detectedAt"))
                    && instant(detectedAt).isAfter(now)) {
                errors.add(new FieldError("detectedAt", FieldCode.OUT_OF_RANGE, "not-in-future"));
            }
            return errors;
        }
    }

    /** The notice sent to the authority: when, and the reference it was given. */
    @Serdeable
    public record AuthorityNotice(
            @Nullable String sentAt,
            @HasText @Characters(max = 200)
            @Pattern(regexp = Forms.PLAIN_TEXT, message = "invalid-characters") String reference)
            implements FieldChecks {

        @Override
        public List<FieldError> fieldErrors() {
            List<FieldError> errors = new ArrayList<>();
            if (sentAt != null) {
                checkFormat("sentAt", "instant", () -> instant(sentAt), errors);
            }
            return errors;
        }
    }

    @Serdeable
    record Summary(Instant detectedAt, Instant authorityNoticeDueAt, @Nullable Instant authorityNotifiedAt,
                   String affectedQuery, @Nullable Instant createdFrom, @Nullable Instant createdUntil,
                   @Nullable Instant learnerNoticeSentAt, Instant recordedAt, String recordedBy) {
    }

    @Serdeable
    record Personal(String description, List<String> categories, Notice notice, @Nullable String authorityReference) {
    }

    /** What staff see of a breach: its clock, its selection, its notices; not its description or mail. */
    @Serdeable
    public record BreachView(String breachId, Instant detectedAt, Instant authorityNoticeDueAt,
                             @Nullable Instant authorityNotifiedAt, @Nullable Long hoursLeft, String affectedQuery,
                             @Nullable Instant createdFrom, @Nullable Instant createdUntil,
                             @Nullable Instant learnerNoticeSentAt, long learnersQueued, List<String> categories) {
    }

    /** What the fan-out needs of a breach: whom to select. */
    public record Selection(@Nullable Instant createdFrom, @Nullable Instant createdUntil) {
    }

    private final DeskStore store;
    private final DeadlineRules rules;
    private final AuditLog audit;
    private final EventBridgeClient events;
    private final Clock clock;

    public Breaches(DeskStore store, DeadlineRules rules, AuditLog audit, EventBridgeClient events, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    public BreachView record(NewBreach form, StaffCaller staff) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<FieldError> errors = form.fieldErrorsAt(now);
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        Instant detectedAt = instant(form.detectedAt());
        Instant from = form.affected().fromInstant();
        Instant until = form.affected().untilInstant();
        String id = UUID.randomUUID().toString();
        Summary summary = new Summary(detectedAt, rules.authorityNoticeBy(detectedAt), null, form.affected().query(),
                from, until, null, now, staff.roleArn());
        Personal personal = new Personal(form.description(), List.copyOf(form.categories()), form.notice(), null);
        DeskStore.Entry entry = entry(id, summary, personal, 1, 0);
        store.write(entry, Writes.of(audited(id, AuditEvent.BREACH_RECORDED, staff)));
        LOG.info("breach recorded breachId={}", id);
        return view(id, summary, personal, 0);
    }

    public BreachView view(String breachId) {
        DeskStore.Entry entry = load(breachId);
        return view(breachId, store.read(entry.summary(), Summary.class), store.read(entry.personal(), Personal.class),
                entry.learnersQueued());
    }

    /** The notice to the authority went: recorded once, and the breach leaves the deadline check's queue. */
    public BreachView authorityNotified(String breachId, AuthorityNotice notice, StaffCaller staff) {
        List<FieldError> errors = notice.fieldErrors();
        if (!errors.isEmpty()) {
            throw Refused.invalidFields(errors);
        }
        Instant sentAt = notice.sentAt() == null ? clock.instant().truncatedTo(ChronoUnit.SECONDS)
                : instant(notice.sentAt());
        DeskStore.Entry entry = load(breachId);
        Summary summary = store.read(entry.summary(), Summary.class);
        if (summary.authorityNotifiedAt() != null) {
            throw Refusal.NOTICE_ALREADY_RECORDED.refused();
        }
        Personal personal = store.read(entry.personal(), Personal.class);
        Summary next = new Summary(summary.detectedAt(), summary.authorityNoticeDueAt(), sentAt,
                summary.affectedQuery(), summary.createdFrom(), summary.createdUntil(), summary.learnerNoticeSentAt(),
                summary.recordedAt(), summary.recordedBy());
        Personal withReference = new Personal(personal.description(), personal.categories(), personal.notice(),
                notice.reference());
        if (!store.write(entry(breachId, next, withReference, entry.version() + 1, entry.learnersQueued()),
                Writes.of(audited(breachId, AuditEvent.BREACH_AUTHORITY_NOTIFIED, staff)))) {
            throw Refusal.PROFILE_CHANGED.refused();
        }
        return view(breachId, next, withReference, entry.learnersQueued());
    }

    /**
     * Sends the learners' notice: recorded, then handed to the policy mailing's fan-out by an event. Sending
     * it again queues everyone again, and the sender mails nobody twice.
     */
    public BreachView noticeLearners(String breachId, StaffCaller staff) {
        DeskStore.Entry entry = load(breachId);
        Summary summary = store.read(entry.summary(), Summary.class);
        Personal personal = store.read(entry.personal(), Personal.class);
        Summary next = new Summary(summary.detectedAt(), summary.authorityNoticeDueAt(), summary.authorityNotifiedAt(),
                summary.affectedQuery(), summary.createdFrom(), summary.createdUntil(),
                clock.instant().truncatedTo(ChronoUnit.SECONDS), summary.recordedAt(), summary.recordedBy());
        if (!store.write(entry(breachId, next, personal, entry.version() + 1, entry.learnersQueued()),
                Writes.of(audited(breachId, AuditEvent.BREACH_LEARNERS_NOTICE_SENT, staff)))) {
            throw Refusal.PROFILE_CHANGED.refused();
        }
        var response = events.putEvents(request -> request.entries(event -> event.source(EVENT_SOURCE)
                .detailType(EVENT_DETAIL_TYPE).detail("{\"breachId\":\"" + breachId + "\"}")));
        if (response.failedEntryCount() > 0) {
            throw EventBridgeException.builder()
                    .message("breach notice event not put").build();
        }
        LOG.info("breach notice to learners handed to the fan-out breachId={}", breachId);
        return view(breachId, next, personal, entry.learnersQueued());
    }

    /** Whom the fan-out selects for a breach, read in clear (the fan-out cannot decrypt); empty if there is no such breach. */
    public Optional<Selection> selection(String breachId) {
        return store.summary(key(breachId)).map(summary -> store.read(summary, Summary.class))
                .map(summary -> new Selection(summary.createdFrom(), summary.createdUntil()));
    }

    /** The notice the sender mails for a breach, and its id; empty if there is no such breach. */
    public Optional<Notice> notice(String breachId) {
        return store.find(key(breachId)).map(entry -> store.read(entry.personal(), Personal.class).notice());
    }

    /** The fan-out counts the learners it queued. */
    public void countQueued(String breachId, long learners) {
        store.countQueued(key(breachId), learners);
    }

    /** One line of the authority's report: the clock and its notices, the kinds of data; no description. */
    @Serdeable
    public record ReportLine(String breachId, Instant detectedAt, Instant authorityNoticeDueAt,
                             @Nullable Instant authorityNotifiedAt, List<String> categories, String affectedQuery,
                             @Nullable Instant learnerNoticeSentAt, long learnersQueued) {
    }

    public List<ReportLine> report() {
        return store.register(ENTRY).stream().map(entry -> {
            Summary summary = store.read(entry.summary(), Summary.class);
            Personal personal = store.read(entry.personal(), Personal.class);
            return new ReportLine(entry.key().substring(ENTRY.length() + 1), summary.detectedAt(),
                    summary.authorityNoticeDueAt(), summary.authorityNotifiedAt(), personal.categories(),
                    summary.affectedQuery(), summary.learnerNoticeSentAt(), entry.learnersQueued());
        }).toList();
    }

    private DeskStore.Entry load(String breachId) {
        return store.find(key(breachId)).orElseThrow(Refusal.NO_SUCH_REQUEST::refused);
    }

    private DeskStore.Entry entry(String id, Summary summary, Personal personal, long version, long queued) {
        boolean open = summary.authorityNotifiedAt() == null;
        return new DeskStore.Entry(key(id), ENTRY, summary.recordedAt(), null, open ? OPEN : null,
                open ? summary.authorityNoticeDueAt() : null, version, store.json(summary), store.json(personal),
                queued);
    }

    private BreachView view(String id, Summary summary, Personal personal, long queued) {
        Long hoursLeft = summary.authorityNotifiedAt() != null ? null
                : Duration.between(clock.instant(), summary.authorityNoticeDueAt()).toHours();
        return new BreachView(id, summary.detectedAt(), summary.authorityNoticeDueAt(), summary.authorityNotifiedAt(),
                hoursLeft, summary.affectedQuery(), summary.createdFrom(), summary.createdUntil(),
                summary.learnerNoticeSentAt(), queued, personal.categories());
    }

    private TransactWriteItem audited(String breachId, AuditEvent event, StaffCaller staff) {
        Map<String, String> facts = new HashMap<>(staff.auditFacts());
        facts.put("breachId", breachId);
        return audit.record(AuditLog.STAFF_ACCESS, event, facts);
    }

    @Nullable
    private static Instant instant(String text) {
        return Rfc3339.instant(text).truncatedTo(ChronoUnit.SECONDS);
    }

    private static void checkFormat(String field, String format, Supplier<Instant> parse, List<FieldError> errors) {
        try {
            parse.get();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, FieldCode.INVALID_FORMAT, format));
        }
    }

    static String key(String breachId) {
        return ENTRY + "#" + breachId;
    }
}
