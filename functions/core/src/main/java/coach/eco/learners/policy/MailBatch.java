package coach.eco.learners.policy;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One message of the policy mail queue: a version, the learners (ids only) to mail it to, and
 * whether this is the reminder to those who have not answered rather than the announcement; or, with a
 * breach id and no version, the learners a breach notice goes to; or, with a mailing id, the learners a
 * staff mailing for one consent purpose may go to, or, numbered {@code countBatch} in its count run, whom the
 * sender only counts for staff (the same fan-out, queue and sender for all three).
 */
@Serdeable
public record MailBatch(@Nullable String versionId, List<String> profileIds, boolean reminder,
                        @Nullable String breachId, @Nullable String mailingId, @Nullable Integer countBatch) {
    /** Learners per message: one sender invocation mails them within its timeout at the configured rate. */
    public static final int SIZE = 50;

    @Creator
    public MailBatch {
    }

    /** A batch of a policy version's mailing. */
    public MailBatch(String versionId, List<String> profileIds, boolean reminder) {
        this(versionId, profileIds, reminder, null, null, null);
    }

    /** A batch of a breach notice. */
    public static MailBatch ofBreach(String breachId, List<String> profileIds) {
        return new MailBatch(null, profileIds, false, breachId, null, null);
    }

    /** A batch of a mailing for one consent purpose, to mail. */
    public static MailBatch ofMailing(String mailingId, List<String> profileIds) {
        return new MailBatch(null, profileIds, false, null, mailingId, null);
    }

    /** The batch numbered {@code countBatch} of a mailing's count run: the sender only counts whom it reaches. */
    public static MailBatch ofMailingCount(String mailingId, List<String> profileIds, int countBatch) {
        return new MailBatch(null, profileIds, false, null, mailingId, countBatch);
    }

    public boolean countOnly() {
        return countBatch != null;
    }
}
