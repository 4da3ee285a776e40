package coach.eco.learners.policy;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One message of the policy mail queue: a version, the learners (ids only) to mail it to, and
 * whether this is the reminder to those who have not answered rather than the announcement.
 */
@Serdeable
public record MailBatch(String versionId, List<String> profileIds, boolean reminder) {
    /** Learners per message: one sender invocation mails them within its timeout at the configured rate. */
    public static final int SIZE = 50;
}
