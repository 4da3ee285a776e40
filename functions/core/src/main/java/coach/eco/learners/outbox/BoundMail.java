package coach.eco.learners.outbox;

import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.util.Optional;

/**
 * An outbox mail bound to one state of a profile (the address it asks to move to, the address a
 * change replaced, a deletion request in force): its entry names that state, and the mail is sent
 * only while the profile still stands in it, built from the profile as it is then.
 *
 * @param <S> the state the mail follows
 */
public abstract class BoundMail<S> implements OutboxMail {
    private final String kind;
    private final MailOutbox outbox;

    /** {@code kind}: the name of this kind of mail in the entries it hands {@code outbox}. */
    protected BoundMail(String kind, MailOutbox outbox) {
        this.kind = kind;
        this.outbox = outbox;
    }

    @Override
    public final String kind() {
        return kind;
    }

    /** The state the profile stands in now, if it is one this kind of mail follows. */
    protected abstract Optional<S> current(String profileId);

    /** How an entry names the state: the same text for the same state. */
    protected abstract String bindingOf(S state);

    /** Sends the mail for the state; an AWS failure is thrown. */
    protected abstract void send(String profileId, S state);

    /** The outbox entry of this mail, for the transaction of the change that put the profile in {@code state}. */
    public TransactWriteItem outboxEntry(String profileId, S state) {
        return outbox.put(entryFor(profileId, state));
    }

    /** Right after that change's commit: the mail now, or from the outbox's scheduled run. */
    public void deliverNow(String profileId, S state) {
        outbox.deliverNow(entryFor(profileId, state), () -> send(profileId, state));
    }

    private MailOutbox.Entry entryFor(String profileId, S state) {
        return new MailOutbox.Entry(kind(), profileId, bindingOf(state));
    }

    @Override
    public final void deliver(String profileId, String boundTo) {
        current(profileId).filter(state -> boundTo.equals(bindingOf(state)))
                .ifPresent(state -> send(profileId, state));
    }
}
