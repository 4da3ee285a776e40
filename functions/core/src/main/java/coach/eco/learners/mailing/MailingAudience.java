package coach.eco.learners.mailing;

import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a mailing for one consent purpose may reach, decided the same way when the sender counts it for staff
 * and when it mails: an active learner (confirmed; not deactivated or being deleted, not suspended) whose latest
 * answer to the purpose is yes (never answered is a no), at an address that has not bounced or complained.
 * The answers are encrypted, so this reads profiles: two reads per batch of learners.
 */
@Singleton
public class MailingAudience {
    /** Of some learners, those the mailing reaches, by id; and those whose profile fails its integrity check. */
    public record Among(Map<String, Profile> reached, List<String> unreadable) {
    }

    private final ProfileStore profiles;
    private final Suppressions suppressions;

    public MailingAudience(ProfileStore profiles, Suppressions suppressions) {
        this.profiles = profiles;
        this.suppressions = suppressions;
    }

    /** Of the learners named, those a mailing for the purpose reaches now. */
    public Among among(List<String> profileIds, String purposeId) {
        Map<String, Profile> reached = new HashMap<>();
        ProfileStore.ProfilesRead read = profiles.findAll(profileIds);
        read.found().stream()
                .filter(profile -> profile.status() == ProfileStatus.ACTIVE && profile.consentsTo(purposeId))
                .forEach(profile -> reached.put(profile.profileId(), profile));
        Set<String> suppressed = suppressions.suppressedAmong(
                reached.values().stream().map(Profile::emailLookupKey).toList());
        reached.values().removeIf(profile -> suppressed.contains(profile.emailLookupKey()));
        return new Among(reached, read.unreadable());
    }
}
