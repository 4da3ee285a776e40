package coach.eco.learners.mailing;

import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.policy.MailBatch;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.profile.RetentionStore;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who a mailing for one consent purpose may reach, decided the same way when staff count it and when the
 * sender mails: an active learner (confirmed; not deactivated or being deleted, not suspended) whose latest
 * answer to the purpose is yes (never answered is a no), at an address that has not bounced or complained.
 * The answers are encrypted, so this reads profiles; two reads per {@link MailBatch#SIZE} learners.
 */
@Singleton
public class MailingAudience {
    /** Of some learners, those the mailing reaches, by id; and those whose profile fails its integrity check. */
    public record Among(Map<String, Profile> reached, List<String> unreadable) {
    }

    private final RetentionStore learners;
    private final ProfileStore profiles;
    private final Suppressions suppressions;

    public MailingAudience(RetentionStore learners, ProfileStore profiles, Suppressions suppressions) {
        this.learners = learners;
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

    /** How many learners a mailing for the purpose would reach now. */
    public long count(String purposeId) {
        long count = 0;
        List<String> page = new ArrayList<>();
        for (String profileId : learners.confirmedProfileIds()) {
            page.add(profileId);
            if (page.size() == MailBatch.SIZE) {
                count += among(page, purposeId).reached().size();
                page.clear();
            }
        }
        return page.isEmpty() ? count : count + among(page, purposeId).reached().size();
    }
}
