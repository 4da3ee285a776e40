package coach.eco.learners.policy;

import io.micronaut.serde.annotation.Serdeable;

/**
 * What an accept or refuse link answers: the version and the choice, nothing of the learner. Whoever
 * holds the link (a forwarded mail, a mail scanner) learns nothing more than the mail already said.
 */
@Serdeable
public record LinkAnswer(String versionId, boolean accepted) {
}
