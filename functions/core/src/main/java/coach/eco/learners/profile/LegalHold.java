package coach.eco.learners.profile;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A hold staff place on one profile for a legal duty or a dispute: while it is active the profile
 * is never erased. Reasons and references are free text, so they are stored encrypted with the
 * profile; the audit trail records only who placed or lifted a hold, and when.
 */
@Serdeable
public record LegalHold(
        String reason,
        String reference,
        String placedBy,
        Instant placedAt,
        @Nullable String releaseReason,
        @Nullable String releaseReference,
        @Nullable String releasedBy,
        @Nullable Instant releasedAt) {

    public static LegalHold placed(HoldNote note, String by, Instant at) {
        return new LegalHold(note.reason(), note.reference(), by, at, null, null, null, null);
    }

    public boolean isActive() {
        return releasedAt == null;
    }

    public LegalHold released(HoldNote note, String by, Instant at) {
        return new LegalHold(reason, reference, placedBy, placedAt, note.reason(), note.reference(), by, at);
    }
}
