package coach.eco.learners.policy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A published version as the website shows it; staff see who published and approved it (the roles; null
 * while not approved) and its counts too (null for everyone else).
 */
@Serdeable
public record PolicyVersionView(String versionId, String kind, LocalDate effectiveDate, String policyUrl,
                                String summaryVi, String summaryEn, Instant publishedAt, String evidenceHash,
                                @Nullable String publishedBy, @Nullable String approvedBy,
                                @Nullable Instant approvedAt, @Nullable PolicyVersionStore.Counts counts) {

    static PolicyVersionView publicPart(PolicyVersion version) {
        return new PolicyVersionView(version.versionId(), version.kind().wireName(), version.effectiveDate(),
                version.policyUrl(), version.summaryVi(), version.summaryEn(), version.publishedAt(),
                version.evidenceHash(), null, null, null, null);
    }

    static PolicyVersionView forStaff(PolicyVersion version, PolicyVersionStore.Counts counts) {
        return new PolicyVersionView(version.versionId(), version.kind().wireName(), version.effectiveDate(),
                version.policyUrl(), version.summaryVi(), version.summaryEn(), version.publishedAt(),
                version.evidenceHash(), version.publishedBy(),
                version.approved() ? version.approval().approvedBy() : null,
                version.approved() ? version.approval().approvedAt() : null, counts);
    }
}
