package coach.eco.learners.desk;

import coach.eco.learners.aws.Writes;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Requests as the register keeps them: everything but the personal part in the summary, in clear
 * (what the deadline check and the authority's report read); staff's note and reasons, the document
 * check and a reporter in the encrypted part. An open request sits in the deadline check's queue at
 * its next deadline.
 */
@Singleton
public class RequestRegister {
    static final String ENTRY = "request";
    /** The deadline check's queue of open requests. */
    static final String OPEN = "request";

    @Serdeable
    record Summary(String kind, String channel, String status, Instant receivedAt, boolean processorInvolved,
                   String identity, @Nullable Instant identityConfirmedAt, Instant acknowledgeBy,
                   @Nullable Instant dueAt, @Nullable Instant extendedTo, List<StepSummary> steps) {
    }

    @Serdeable
    record StepSummary(String step, Instant at, String actor, @Nullable String actorSession) {
    }

    /** The personal part: one reason per step (empty where it has none), the note, the reporter. */
    @Serdeable
    record Personal(List<String> reasons, @Nullable String note, @Nullable PrivacyRequest.Reporter reporter) {
    }

    private final DeskStore store;
    private final DeadlineRules rules;

    public RequestRegister(DeskStore store, DeadlineRules rules) {
        this.store = store;
        this.rules = rules;
    }

    public Optional<PrivacyRequest> find(String requestId) {
        return store.find(key(requestId)).map(entry -> requestOf(requestId, entry));
    }

    /** Every request, in the order received: the authority's report. */
    public List<PrivacyRequest> all() {
        return store.register(ENTRY).stream()
                .map(entry -> requestOf(entry.key().substring(ENTRY.length() + 1), entry)).toList();
    }

    /** Writes the request (new, or over the version before it) with the caller's writes; false if it changed meanwhile. */
    public boolean write(PrivacyRequest request, Writes alongside) {
        return store.write(entryOf(request), alongside);
    }

    /** The request's put, for a transaction another store commits. */
    TransactWriteItem put(PrivacyRequest request) {
        return store.put(entryOf(request));
    }

    private DeskStore.Entry entryOf(PrivacyRequest request) {
        List<PrivacyRequest.Step> steps = request.steps();
        Summary summary = new Summary(request.kind().wireName(), request.channel().name(), request.status().name(),
                request.receivedAt(), request.processorInvolved(), request.identity().name(),
                request.identityConfirmedAt(), request.acknowledgeBy(), request.dueAt(), request.extendedTo(),
                steps.stream().map(step -> new StepSummary(step.kind().name(), step.at(), step.actor(),
                        step.actorSession())).toList());
        Personal personal = new Personal(steps.stream().map(step -> step.reason() == null ? "" : step.reason()).toList(),
                request.note(), request.reporter());
        return new DeskStore.Entry(key(request.requestId()), ENTRY, request.receivedAt(),
                request.profileId(), request.isOpen() ? OPEN : null, request.isOpen() ? nextDue(request) : null,
                request.version(), store.json(summary), store.json(personal), 0);
    }

    /** The deadline that comes next for an open request: its due date, or, while its clock waits, the policy's answer. */
    private Instant nextDue(PrivacyRequest request) {
        return request.dueInForce() != null ? request.dueInForce() : rules.answerBy(request.receivedAt());
    }

    private PrivacyRequest requestOf(String requestId, DeskStore.Entry entry) {
        Summary summary = store.read(entry.summary(), Summary.class);
        Personal personal = store.read(entry.personal(), Personal.class);
        List<PrivacyRequest.Step> steps = IntStream.range(0, summary.steps().size()).mapToObj(i -> {
            StepSummary step = summary.steps().get(i);
            String reason = personal.reasons().get(i);
            return new PrivacyRequest.Step(PrivacyRequest.StepKind.valueOf(step.step()), step.at(), step.actor(),
                    step.actorSession(), reason.isEmpty() ? null : reason);
        }).toList();
        return new PrivacyRequest(requestId, RequestKind.ofWireName(summary.kind()),
                PrivacyRequest.Channel.valueOf(summary.channel()), entry.profileId(), summary.receivedAt(),
                summary.processorInvolved(), PrivacyRequest.Identity.valueOf(summary.identity()),
                summary.identityConfirmedAt(), summary.acknowledgeBy(), summary.dueAt(), summary.extendedTo(), steps,
                personal.note(), personal.reporter(), entry.version());
    }

    static String key(String requestId) {
        return "request#" + requestId;
    }
}
