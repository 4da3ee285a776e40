package coach.eco.learners.mailing;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * A mailing staff composed for one consent purpose: its words, when it was composed and by which role, when a
 * publisher last had it sent (null until then), and how many learners it reached when it was counted (null
 * while the count runs). No personal data.
 */
public record Mailing(String mailingId, String purposeId, String subjectVi, String subjectEn, String bodyVi,
                      String bodyEn, Instant composedAt, String composedBy, @Nullable Instant sendingRequestedAt,
                      @Nullable Long learnersReached) {

    public boolean sendingRequested() {
        return sendingRequestedAt != null;
    }
}
