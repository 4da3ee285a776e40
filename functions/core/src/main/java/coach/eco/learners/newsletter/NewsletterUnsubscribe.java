package coach.eco.learners.newsletter;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.PolicyInForce;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8058 one-click unsubscribe for the centre's newsletter: staff get, per learner, an opaque
 * URL to put in a newsletter's {@code List-Unsubscribe} header; a POST to it (no session, no
 * further click) records the learner's "no" to the newsletter in the consent history.
 */
@Singleton
public class NewsletterUnsubscribe {
    /** The header that makes a mail client POST instead of opening a page (RFC 8058). */
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe=One-Click";
    /** An unsubscribe URL outlives any newsletter it is put in by far. */
    private static final Duration LINK_LIFE = Duration.ofDays(400);
    private static final Logger LOG = LoggerFactory.getLogger(NewsletterUnsubscribe.class);
    private static final int TRIES = 3;

    /** The two headers a newsletter to one learner carries. */
    @Serdeable
    public record Headers(String profileId, String listUnsubscribe, String listUnsubscribePost) {
    }

    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final LearnerConfiguration config;
    private final PolicyInForce policyInForce;
    private final Clock clock;

    public NewsletterUnsubscribe(ProfileStore profiles, TokenStore tokens, AuditLog audit, LearnerConfiguration config,
                                 Clock clock, PolicyInForce policyInForce) {
        this.policyInForce = policyInForce;
        this.profiles = profiles;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** The headers for each confirmed learner among the ids (others are left out). */
    public List<Headers> headersFor(List<String> profileIds) {
        List<Headers> headers = new ArrayList<>();
        String base = config.getPublicApiOrigin().toString().replaceAll("/+$", "");
        for (String profileId : profileIds) {
            if (profiles.find(profileId).filter(Profile::isConfirmed).isEmpty()) {
                continue;
            }
            OneTimeToken token = OneTimeToken.generate();
            tokens.save(TokenPurpose.UNSUBSCRIBE, token, profileId, clock.instant().plus(LINK_LIFE));
            headers.add(new Headers(profileId, "<" + base + "/v1/newsletter-unsubscribe/" + token.value() + ">",
                    LIST_UNSUBSCRIBE_POST));
        }
        return headers;
    }

    /** The one-click POST: the newsletter is off from now on; a repeated click changes nothing. */
    public void unsubscribe(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.UNKNOWN_UNSUBSCRIBE_LINK::refused);
        // A link whose learner is gone (erased, its links with it) answers as one that worked: the newsletter is
        // off either way, and whoever holds the mail learns nothing of whether the profile still exists.
        String profileId = tokens.find(TokenPurpose.UNSUBSCRIBE, token).map(grant -> grant.profileId()).orElse(null);
        if (profileId == null) {
            LOG.info("newsletter unsubscribe by a link no longer known");
            return;
        }
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Profile current = profiles.find(profileId).filter(Profile::isConfirmed).orElse(null);
            if (current == null || !current.consentsTo(ConsentPurpose.NEWS_AND_OFFERS)) {
                return;
            }
            Instant now = clock.instant();
            Profile next = current.edited(current.fullName(), current.phone(),
                    List.of(new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, false, now, PurposeAnswer.Channel.MAIL_LINK,
                            policyInForce.versionId().orElse(null))), null, null, now);
            if (profiles.replace(current, next, Writes.of(audit.record(profileId,
                    AuditEvent.MARKETING_CONSENT_CHANGED, Map.of("channel", "ONE_CLICK_UNSUBSCRIBE"))))) {
                LOG.info("newsletter unsubscribed profileId={}", profileId);
                return;
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }
}
