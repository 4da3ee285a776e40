package coach.eco.learners.comingofage;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.consent.ConsentAnswers;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.time.VietnamTime;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;

/**
 * A learner under 16 at signup who came of age takes over: their own answer to every purpose, signed in, under the
 * policy version in force. From then on only their answers count, and their sign-in no longer asks.
 */
@Singleton
public class OwnConsent {
    private static final Logger LOG = LoggerFactory.getLogger(OwnConsent.class);

    private final ProfileService learners;
    private final ProfileStore profiles;
    private final ConsentAnswers consents;
    private final AuditLog audit;
    private final Clock clock;

    public OwnConsent(ProfileService learners, ProfileStore profiles, ConsentAnswers consents, AuditLog audit,
                      Clock clock) {
        this.learners = learners;
        this.profiles = profiles;
        this.consents = consents;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Records the learner's own answers. Refused, changing nothing: answers that are not consent (422), a learner
     * who is not asked (409 {@code own-consent-not-asked}: not come of age, or taken over already), a profile being
     * deleted or deactivated (409), or one that changed while this was written (409, try again).
     */
    public Profile give(String profileId, OwnConsentForm form) {
        // Whether the learner is asked at all comes first: one who is not is told so, whatever the answers.
        Profile current = learners.read(profileId);
        Instant now = clock.instant();
        if (!current.ownConsentAskedIn(VietnamTime.yearOf(now))) {
            throw Refusal.OWN_CONSENT_NOT_ASKED.refused();
        }
        if (current.deletionRequest() != null) {
            throw Refusal.DELETION_REQUESTED.refused();
        }
        consents.checkKnown(form.consents().keySet());
        consents.checkEveryPurposeAnswered(form.policyVersion(), form.consents());
        Profile next = current.withOwnConsent(consents.given(form.consents(), PurposeAnswer.Channel.PROFILE,
                PurposeAnswer.Actor.LEARNER, now), now);
        if (!profiles.replace(current, next, Writes.of(audit.record(profileId, AuditEvent.OWN_CONSENT_GIVEN)))) {
            throw Refusal.PROFILE_CHANGED.refused();
        }
        LOG.info("own consent given profileId={}", profileId);
        return next;
    }
}
