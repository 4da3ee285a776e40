package coach.eco.learners.publiclink;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.EmailLookup;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.profile.RetentionStore;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.TokenPurpose;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Who gets a link for a public request made with an email (sign-in, deletion): the learner who
 * confirmed that address, within the hourly limit and its kind's shared budget. Every request is counted
 * per address and looked up, known email or not, and none of them tells its caller which it was; only
 * a link about to be sent spends the shared budget. A sign-in request also reaches the learners under 16 whose
 * guardian the address is, each with a link of its own.
 */
@Singleton
public class LinkRecipients {
    private static final Logger LOG = LoggerFactory.getLogger(LinkRecipients.class);

    private final PublicEmailRequests requests;
    private final ProfileStore profiles;
    private final RetentionStore guardedProfiles;

    public LinkRecipients(PublicEmailRequests requests, ProfileStore profiles, RetentionStore guardedProfiles) {
        this.requests = requests;
        this.profiles = profiles;
        this.guardedProfiles = guardedProfiles;
    }

    /**
     * Runs {@code sendLink} with the profile id of the learner who confirmed this email, within the
     * hourly limit and budget, and does nothing for anyone else; same answer, same minimum time. A service that
     * fails after the lookup is logged and not thrown: a 503 for known emails alone would tell the
     * caller the email is known. The learner sees no mail and asks again.
     */
    public void sendIfDue(TokenPurpose purpose, EmailAddress email, Consumer<String> sendLink) {
        requests.run(purpose, email, request -> {
            Optional<String> learner = confirmedLearner(request);
            try {
                learner.ifPresent(sendLink);
            } catch (SdkException e) {
                LOG.warn("link not sent purpose={} error={}", purpose, e.getClass().getName());
            }
        });
    }

    /**
     * As {@link #sendIfDue} for a sign-in link: runs {@code sendLink} with the learner who confirmed this email,
     * and {@code sendGuardianLink} with each confirmed learner under 16 whose guardian this email is and acts for
     * them this year, each link within the address's hourly limit (counted once, for the request) and spending
     * one mail of the shared budget. The guardian's learners are looked up for every request, so neither the
     * answer nor its cost tells the caller whether the address is a guardian's.
     */
    public void sendSignInIfDue(EmailAddress email, Consumer<String> sendLink, Consumer<Profile> sendGuardianLink) {
        requests.run(TokenPurpose.SIGN_IN, email, request -> {
            Optional<String> learner = confirmedLearner(request);
            List<String> guarded = guardedProfiles.profileIdsOfGuardian(request.emailLookupKey());
            try {
                learner.ifPresent(sendLink);
                if (request.withinLimit()) {
                    int year = VietnamTime.yearOf(request.at());
                    guarded.stream().map(profiles::find).flatMap(Optional::stream)
                            .filter(child -> child.isConfirmed() && child.guardian() != null
                                    && child.guardian().lookupKey().equals(request.emailLookupKey())
                                    && child.guardian().actsIn(year))
                            .filter(child -> request.spendMail())
                            .forEach(sendGuardianLink);
                }
            } catch (SdkException e) {
                LOG.warn("link not sent purpose={} error={}", TokenPurpose.SIGN_IN, e.getClass().getName());
            }
        });
    }

    /** The profile id to send a link to, or empty: unknown, unconfirmed, over the limit or the budget. */
    private Optional<String> confirmedLearner(PublicEmailRequests.Counted request) {
        var owner = profiles.findConfirmedOwner(request.emailLookupKey(), request.at());
        return request.withinLimit() ? owner.map(EmailLookup::profileId).filter(learner -> request.spendMail())
                : Optional.empty();
    }
}
