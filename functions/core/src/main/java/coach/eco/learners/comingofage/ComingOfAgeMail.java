package coach.eco.learners.comingofage;

import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.outbox.BoundMail;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Optional;

/**
 * The mail telling a learner who came of age that they are now in charge of their data, asking them to sign in
 * and answer for themselves. Sent through the outbox, bound to the instant the profile was marked mailed: a
 * learner who took over before it went out, or whose profile is gone, gets nothing.
 */
@Singleton
public class ComingOfAgeMail extends BoundMail<Profile> {
    private final ProfileStore profiles;
    private final LinkMails mails;

    public ComingOfAgeMail(ProfileStore profiles, LinkMails mails, MailOutbox outbox) {
        super("coming-of-age", outbox);
        this.profiles = profiles;
        this.mails = mails;
    }

    @Override
    protected Optional<Profile> current(String profileId) {
        return profiles.find(profileId).filter(Profile::isConfirmed)
                .filter(profile -> profile.guardian() != null && profile.guardian().comingOfAgeMailedAt() != null
                        && profile.guardian().learnerTookOverAt() == null);
    }

    /** A profile marked mailed. */
    @Override
    protected String bindingOf(Profile marked) {
        return marked.guardian().comingOfAgeMailedAt().toString();
    }

    @Override
    protected void send(String profileId, Profile profile) {
        mails.mail(profile.email(), MailTemplate.COMING_OF_AGE,
                Map.of("fullName", profile.fullName().value(), "signInUrl", mails.page("/sign-in"))).send();
    }
}
