package coach.eco.learners.staff;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.profile.RetentionStore;
import coach.eco.learners.refusal.Refusal;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The learners staff may contact for a purpose (advice by phone, say): those whose answer in force to it is
 * yes, and who are active (confirmed; not deactivated, being deleted or suspended), with the name and phone
 * the call needs and the evidence of the answer, nothing else. A learner who never answered is not listed.
 * The active learners' ids are scanned in the table's order (plain attributes), a batch at a time read and
 * decrypted; a page ends when it holds the limit or has read {@link #MOST_READ} profiles, and its cursor
 * names, sealed, the last profile read. Each page is audited with the staff member's role and session, the
 * purpose and the count listed, before it is answered.
 */
@Singleton
public class ConsentingLearners {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MOST_LIMIT = 100;
    /** Profiles read (and decrypted) per page at most, so that a rare purpose's page stays within a request's time. */
    public static final int MOST_READ = 500;
    /** A batch read's size (DynamoDB's BatchGetItem takes 100 keys). */
    private static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ConsentingLearners.class);

    /** One learner to contact: who, the number to call, and the answer that allows it. */
    @Serdeable
    public record Listed(String profileId, String fullName, String phone, Instant answeredAt,
                         @Nullable String channel, @Nullable String policyVersion) {
        static Listed of(Profile profile, PurposeAnswer answer) {
            return new Listed(profile.profileId(), profile.fullName().value(), profile.phone().e164(),
                    answer.answeredAt(), answer.channel() == null ? null : answer.channel().wireName(),
                    answer.policyVersion());
        }
    }

    /** One page: its learners, and the cursor of the next one (null when the list has ended). */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS) // an empty page still names its (empty) learners
    public record Page(String purposeId, List<Listed> learners, @Nullable String nextCursor) {
    }

    private final ConsentPurposeStore purposes;
    private final RetentionStore learners;
    private final ProfileStore profiles;
    private final ListCursors cursors;
    private final StaffAccess staffAccess;

    public ConsentingLearners(ConsentPurposeStore purposes, RetentionStore learners, ProfileStore profiles,
                              ListCursors cursors, StaffAccess staffAccess) {
        this.purposes = purposes;
        this.learners = learners;
        this.profiles = profiles;
        this.cursors = cursors;
        this.staffAccess = staffAccess;
    }

    /**
     * A page of at most {@code limit} learners who said yes to the purpose, from the start or after the
     * {@code cursor}; an unknown purpose is refused (404), a cursor not minted for this purpose's list (422).
     */
    public Page page(String purposeId, @Nullable String cursor, int limit, StaffCaller staff, String route) {
        if (purposes.all().stream().map(ConsentPurpose::purposeId).noneMatch(purposeId::equals)) {
            throw Refusal.NO_SUCH_PURPOSE.refused();
        }
        String after = cursor == null ? null : cursors.open(purposeId, cursor);
        List<Listed> listed = new ArrayList<>();
        Iterator<String> ids = learners.activeProfileIdsAfter(after, BATCH).iterator();
        String lastRead = null;
        int read = 0;
        boolean more = false;
        reading:
        while (ids.hasNext()) {
            if (listed.size() == limit || read == MOST_READ) {
                more = true;
                break;
            }
            List<String> batch = new ArrayList<>();
            while (ids.hasNext() && batch.size() < BATCH) {
                batch.add(ids.next());
            }
            ProfileStore.ProfilesRead batchRead = profiles.findAll(batch);
            // A profile that fails its integrity check is left out, named for staff to look into; the rest are listed.
            batchRead.unreadable().forEach(id -> LOG.error("consenting learners list left out an unreadable profile"
                    + " profileId={} reason=integrity-failure", id));
            Map<String, Profile> found = batchRead.found().stream()
                    .collect(Collectors.toMap(Profile::profileId, Function.identity()));
            for (int i = 0; i < batch.size(); i++) {
                lastRead = batch.get(i);
                read++;
                Profile profile = found.get(lastRead);
                // Checked again on the profile read consistently: the scan's status may be older.
                if (profile != null && profile.status() == ProfileStatus.ACTIVE) {
                    profile.consent(purposeId).filter(PurposeAnswer::granted)
                            .ifPresent(answer -> listed.add(Listed.of(profile, answer)));
                }
                if (listed.size() == limit && i < batch.size() - 1) {
                    more = true;
                    break reading;
                }
            }
        }
        staffAccess.auditWithoutProfile(AuditEvent.CONSENTING_LEARNERS_LISTED, staff, route,
                Map.of("purposeId", purposeId, "learners", String.valueOf(listed.size())));
        LOG.info("consenting learners listed purposeId={} learners={} read={}", purposeId, listed.size(), read);
        return new Page(purposeId, List.copyOf(listed), more ? cursors.after(purposeId, lastRead) : null);
    }
}
