package coach.eco.learners.desk;

import coach.eco.learners.refusal.Characters;
import coach.eco.learners.refusal.HasText;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.profile.DisclosureNotice;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.refusal.Refused;
import coach.eco.learners.staff.StaffCaller;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The disclosure log (policy, section IV): each hand-over of a learner's data to an authority, with who
 * asked, on what legal basis, the authority's reference, which kinds of data and when, and whether the
 * learner may be told (a legal basis may forbid it). All of it is the entry's encrypted part; the
 * learner's own copy lists the disclosures they may be told of.
 */
@Singleton
public class Disclosures {
    private static final Logger LOG = LoggerFactory.getLogger(Disclosures.class);
    static final String ENTRY = "disclosure";

    /** What staff record; every field is required. */
    @Serdeable
    public record NewDisclosure(
            @NotBlank(message = "is required")
            @Pattern(regexp = Forms.PROFILE_ID, message = "must be a profile id (UUID)")
            String profileId,
            @HasText(message = "is required")
            @Characters(max = 200, message = "must be at most 200 characters")
            @Pattern(regexp = Forms.PLAIN_TEXT, message = "must not contain control characters")
            String authority,
            @HasText(message = "is required")
            @Characters(max = 500, message = "must be at most 500 characters")
            @Pattern(regexp = Forms.PLAIN_TEXT, message = "must not contain control characters")
            String legalBasis,
            @HasText(message = "is required")
            @Characters(max = 200, message = "must be at most 200 characters")
            @Pattern(regexp = Forms.PLAIN_TEXT, message = "must not contain control characters")
            String reference,
            @NotEmpty(message = "must list at least one category")
            @Size(max = 20, message = "must list at most 20 categories")
            List<@HasText(message = "must not be blank") @Characters(max = 100, message = "must be at most 100 characters")
                    @Pattern(regexp = Forms.PLAIN_TEXT, message = "must not contain control characters") String> categories,
            @NotNull(message = "is required")
            @Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}", message = "must be a date, YYYY-MM-DD")
            String disclosedOn,
            @NotNull(message = "is required")
            Boolean learnerMayBeTold) {
    }

    /** What staff see of a recorded disclosure. */
    @Serdeable
    public record Recorded(String disclosureId, String profileId, boolean learnerMayBeTold, Instant recordedAt) {
    }

    @Serdeable
    record Summary(boolean learnerMayBeTold, Instant recordedAt, String recordedBy) {
    }

    @Serdeable
    record Personal(String authority, String legalBasis, String reference, List<String> categories,
                    LocalDate disclosedOn) {
    }

    private final DeskStore store;
    private final ProfileStore profiles;
    private final AuditLog audit;
    private final Clock clock;

    public Disclosures(DeskStore store, ProfileStore profiles, AuditLog audit, Clock clock) {
        this.store = store;
        this.profiles = profiles;
        this.audit = audit;
        this.clock = clock;
    }

    public Recorded record(NewDisclosure form, StaffCaller staff) {
        LocalDate disclosedOn = date(form.disclosedOn());
        if (profiles.find(form.profileId()).isEmpty()) {
            throw Refusal.NO_SUCH_PROFILE.refused();
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Map<String, String> facts = new HashMap<>(staff.auditFacts());
        facts.put("disclosureId", id);
        store.write(new DeskStore.Entry(key(id), ENTRY, now, form.profileId(), null, null, 1,
                        store.json(new Summary(form.learnerMayBeTold(), now, staff.roleArn())),
                        store.json(new Personal(form.authority(), form.legalBasis(), form.reference(),
                                List.copyOf(form.categories()), disclosedOn)), 0),
                Writes.of(audit.record(form.profileId(), AuditEvent.DISCLOSURE_RECORDED, facts)));
        LOG.info("disclosure recorded disclosureId={} profileId={}", id, form.profileId());
        return new Recorded(id, form.profileId(), form.learnerMayBeTold(), now);
    }

    /** The disclosures about a learner that they may be told of, oldest first. */
    public List<DisclosureNotice> toldTo(String profileId) {
        return store.ofLearner(profileId, ENTRY).stream()
                .filter(entry -> store.read(entry.summary(), Summary.class).learnerMayBeTold())
                .map(entry -> {
                    Personal personal = store.read(entry.personal(), Personal.class);
                    return new DisclosureNotice(entry.key().substring(ENTRY.length() + 1), personal.disclosedOn(),
                            personal.authority(), personal.legalBasis(), personal.categories());
                })
                .toList();
    }

    /** One line of the authority's report: what was given, to whom, on what basis; not the learner, not the reference. */
    @Serdeable
    public record ReportLine(String disclosureId, LocalDate disclosedOn, String authority, String legalBasis,
                             List<String> categories, boolean learnerMayBeTold, Instant recordedAt) {
    }

    public List<ReportLine> report() {
        return store.register(ENTRY).stream().map(entry -> {
            Summary summary = store.read(entry.summary(), Summary.class);
            Personal personal = store.read(entry.personal(), Personal.class);
            return new ReportLine(entry.key().substring(ENTRY.length() + 1), personal.disclosedOn(),
                    personal.authority(), personal.legalBasis(), personal.categories(), summary.learnerMayBeTold(),
                    summary.recordedAt());
        }).toList();
    }

    private static LocalDate date(@Nullable String text) {
        try {
            return LocalDate.parse(text);
        } catch (RuntimeException e) {
            throw Refused.invalidField("disclosedOn", "must be a date, YYYY-MM-DD");
        }
    }

    static String key(String disclosureId) {
        return ENTRY + "#" + disclosureId;
    }
}
