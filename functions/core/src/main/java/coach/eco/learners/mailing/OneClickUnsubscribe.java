package coach.eco.learners.mailing;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PolicyInForce;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenBinding;
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
 * RFC 8058 one-click unsubscribe, per consent purpose: an opaque URL for one learner and one purpose, put
 * in a mail's {@code List-Unsubscribe} header; a POST to it (no session, no further click) records the
 * learner's "no" to that purpose, and to no other, in the consent history. Every mailing staff send for a
 * purpose carries one; staff also mint them for the newsletter (news and offers) sent from elsewhere.
 */
@Singleton
public class OneClickUnsubscribe {
    /** The header that makes a mail client POST instead of opening a page (RFC 8058). */
    public static final String LIST_UNSUBSCRIBE_POST = "List-Unsubscribe=One-Click";
    /** An unsubscribe URL outlives any mail it is put in by far. */
    private static final Duration LINK_LIFE = Duration.ofDays(400);
    /** Where a purpose mailing's link points; the newsletter's links keep their older route, which does the same. */
    private static final String ROUTE = "/v1/unsubscribe/";
    private static final String NEWSLETTER_ROUTE = "/v1/newsletter-unsubscribe/";
    private static final Logger LOG = LoggerFactory.getLogger(OneClickUnsubscribe.class);
    private static final int TRIES = 3;
    /** An unsubscribe link is bound to the purpose it turns off. */
    private static final TokenBinding<String> PURPOSE = TokenBinding.text();

    /** The header fields of a mail, and the token of their link. */
    public record HeaderLink(Map<String, String> fields, TokenStore.Minted token) {
    }

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

    public OneClickUnsubscribe(ProfileStore profiles, TokenStore tokens, AuditLog audit, LearnerConfiguration config,
                               Clock clock, PolicyInForce policyInForce) {
        this.policyInForce = policyInForce;
        this.profiles = profiles;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** The newsletter's headers for each confirmed learner among the ids (others are left out). */
    public List<Headers> newsletterHeadersFor(List<String> profileIds) {
        List<Headers> headers = new ArrayList<>();
        for (String profileId : profileIds) {
            if (profiles.find(profileId).filter(Profile::isConfirmed).isEmpty()) {
                continue;
            }
            TokenStore.Minted token = minted(profileId, ConsentPurpose.NEWS_AND_OFFERS);
            tokens.saveAll(List.of(token));
            headers.add(new Headers(profileId, url(NEWSLETTER_ROUTE, token), LIST_UNSUBSCRIBE_POST));
        }
        return headers;
    }

    /** The header fields of one learner's mail about one purpose, and its link's token, to be saved with the mail's. */
    public HeaderLink headerLink(String profileId, String purposeId) {
        TokenStore.Minted token = minted(profileId, purposeId);
        return new HeaderLink(Map.of("List-Unsubscribe", url(ROUTE, token), "List-Unsubscribe-Post",
                LIST_UNSUBSCRIBE_POST), token);
    }

    /**
     * The one-click POST: the link's purpose is off from now on, every other answer stays as it was; a
     * repeated click changes nothing. A link minted before links named their purpose is the newsletter's.
     */
    public void unsubscribe(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.UNKNOWN_UNSUBSCRIBE_LINK::refused);
        // A link whose learner is gone (erased, its links with it) answers as one that worked: the purpose is
        // off either way, and whoever holds the mail learns nothing of whether the profile still exists.
        var grant = tokens.find(TokenPurpose.UNSUBSCRIBE, token).orElse(null);
        if (grant == null) {
            LOG.info("one-click unsubscribe by a link no longer known");
            return;
        }
        String profileId = grant.profileId();
        String bound = grant.boundTo(PURPOSE);
        String purposeId = bound == null ? ConsentPurpose.NEWS_AND_OFFERS : bound;
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Profile current = profiles.find(profileId).filter(Profile::isConfirmed).orElse(null);
            if (current == null || !current.consentsTo(purposeId)) {
                return;
            }
            Instant now = clock.instant();
            Profile next = current.edited(current.fullName(), current.phone(),
                    List.of(new PurposeAnswer(purposeId, false, now, PurposeAnswer.Channel.MAIL_LINK,
                            policyInForce.versionId().orElse(null))), null, null, now);
            AuditEvent event = ConsentPurpose.NEWS_AND_OFFERS.equals(purposeId)
                    ? AuditEvent.MARKETING_CONSENT_CHANGED : AuditEvent.PURPOSE_CONSENT_CHANGED;
            if (profiles.replace(current, next, Writes.of(audit.record(profileId, event,
                    Map.of("channel", "ONE_CLICK_UNSUBSCRIBE", "purposeId", purposeId))))) {
                LOG.info("unsubscribed by one click profileId={} purposeId={}", profileId, purposeId);
                return;
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }

    private TokenStore.Minted minted(String profileId, String purposeId) {
        return new TokenStore.Minted(TokenPurpose.UNSUBSCRIBE, OneTimeToken.generate(), profileId,
                PURPOSE.stored(purposeId), clock.instant().plus(LINK_LIFE));
    }

    private String url(String route, TokenStore.Minted token) {
        return "<" + config.getPublicApiOrigin().toString().replaceAll("/+$", "") + route + token.token().value() + ">";
    }
}
