package coach.eco.learners.outbox;

/**
 * A kind of mail that follows a committed change. It is built from the profile as it stands when it
 * is sent, so the outbox holds no address and no link: a change undone or replaced meanwhile sends
 * nothing.
 */
public interface OutboxMail {
    /** The name of this kind in outbox entries. */
    String kind();

    /**
     * Sends the mail the entry stands for, or nothing if the change it followed is gone; an AWS
     * failure is thrown, and the entry is tried again.
     */
    void deliver(String profileId, String boundTo);
}
