package coach.eco.learners.desk;

import coach.eco.learners.consent.ConsentPurposeStore;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.profile.ProfileView;
import jakarta.inject.Singleton;

import java.util.function.Supplier;

/**
 * Everything held about a learner, as their own access and export show it and as the desk hands it to a
 * learner who asked by phone, post or in person: the profile, decrypted, and the disclosures to
 * authorities they may be told of. One place, so that the two are the same.
 */
@Singleton
public class LearnerCopy {
    private final ProfileService profiles;
    private final Disclosures disclosures;
    private final ConsentPurposeStore purposes;

    public LearnerCopy(ProfileService profiles, Disclosures disclosures, ConsentPurposeStore purposes) {
        this.profiles = profiles;
        this.disclosures = disclosures;
        this.purposes = purposes;
    }

    /** The copy of a confirmed learner's data; anyone else is refused as the learner routes refuse them. */
    public ProfileView of(String profileId) {
        return of(profiles.read(profileId));
    }

    public ProfileView of(Profile profile) {
        return ProfileView.of(profile, purposes.all()).withDisclosures(disclosures.toldTo(profile.profileId()));
    }

    /**
     * The copy after a change the learner made: the disclosures and purposes are read before the change is
     * written, so that a read that fails cannot turn a committed change into an error the learner would retry.
     */
    public ProfileView ofChanged(String profileId, Supplier<Profile> change) {
        var told = disclosures.toldTo(profileId);
        var known = purposes.all();
        return ProfileView.of(change.get(), known).withDisclosures(told);
    }
}
