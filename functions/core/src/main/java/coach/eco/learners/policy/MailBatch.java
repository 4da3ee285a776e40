package coach.eco.learners.policy;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One message of the policy mail queue: a version and the learners (ids only) to mail it to. */
@Serdeable
public record MailBatch(String versionId, List<String> profileIds) {
    /** Learners per message: one sender invocation mails them within its timeout at the configured rate. */
    public static final int SIZE = 50;
}
