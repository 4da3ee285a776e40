package coach.eco.learners.policy;

import coach.eco.learners.time.VietnamTime;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * A published version of the privacy policy: immutable once published. Its evidence hash is the
 * SHA-256 of what every learner is shown (id, kind, dates, link and both summaries), recorded
 * with each answer so that the ledger proves what was agreed to. It is in force, public and mailed
 * only once a second publisher has approved it ({@code approval}, null until then).
 */
public record PolicyVersion(String versionId, PolicyKind kind, LocalDate effectiveDate, String policyUrl,
                            String summaryVi, String summaryEn, Instant publishedAt, String publishedBy,
                            @Nullable Approval approval) {

    /** Who approved a version (the role; the session name is in the audit trail) and when. */
    public record Approval(String approvedBy, Instant approvedAt) {
    }

    /** A version just published: not approved yet. */
    public PolicyVersion(String versionId, PolicyKind kind, LocalDate effectiveDate, String policyUrl,
                         String summaryVi, String summaryEn, Instant publishedAt, String publishedBy) {
        this(versionId, kind, effectiveDate, policyUrl, summaryVi, summaryEn, publishedAt, publishedBy, null);
    }

    public boolean approved() {
        return approval != null;
    }

    public String evidenceHash() {
        String shown = String.join("\n", versionId, kind.wireName(), effectiveDate.toString(), policyUrl,
                summaryVi, summaryEn);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(shown.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The day the one reminder of a consent version goes: {@code lead} before it takes effect, or,
     * for a version published later than that, halfway between publication and effect, so that
     * the reminder never follows the announcement within a day or two.
     */
    public LocalDate reminderDate(Duration lead) {
        LocalDate published = VietnamTime.dateOf(publishedAt);
        LocalDate halfway = published.plusDays(ChronoUnit.DAYS.between(published, effectiveDate) / 2);
        LocalDate leadBefore = effectiveDate.minusDays(lead.toDays());
        return leadBefore.isAfter(halfway) ? leadBefore : halfway;
    }

    /**
     * When the accept and refuse links of a mail sent at {@code mailedAt} expire: {@code grace} after the
     * version takes effect (the start of its effective date, Vietnam time), and never later than
     * {@code longest} after the mail.
     */
    public Instant answerLinksExpireAt(Instant mailedAt, Duration longest, Duration grace) {
        Instant afterEffect = effectiveDate.atStartOfDay(VietnamTime.ZONE).toInstant().plus(grace);
        Instant latest = mailedAt.plus(longest);
        return afterEffect.isBefore(latest) ? afterEffect : latest;
    }

    public boolean asksForConsent() {
        return kind == PolicyKind.CONSENT;
    }
}
