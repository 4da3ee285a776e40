package coach.eco.learners.deletion;

import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.DeletionRequest;
import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.publiclink.LinkRecipients;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.WebsiteLinks;
import coach.eco.learners.outbox.MailOutbox;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileService;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.token.LookupItemsOfProfile;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenGrant;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A learner's request to deactivate or delete their profile: made signed in (in force at once), or
 * through the public form (in force once the emailed link confirms it); cancelled during the grace
 * period. In force, it stops all processing and signs the learner out everywhere.
 */
@Singleton
public class DeletionService {
    private static final Logger LOG = LoggerFactory.getLogger(DeletionService.class);
    /** A confirmation link is bound to what the public form asked for: deletion or deactivation. */
    private static final TokenBinding<DeletionKind> CONFIRMED_KIND = TokenBinding.of(DeletionKind::name, DeletionKind::valueOf);

    /** The request in force, and whether this call made it (false: it was already there). */
    public record Outcome(Profile profile, boolean created) {
    }

    private final ProfileStore profiles;
    private final ProfileService profileService;
    private final TokenStore tokens;
    private final LookupItemsOfProfile lookupItems;
    private final LinkRecipients recipients;
    private final Mailer mailer;
    private final WebsiteLinks links;
    private final AuditLog audit;
    private final Transactions transactions;
    private final LearnerConfiguration config;
    private final Clock clock;
    private final MailOutbox outbox;
    private final DeletionAcknowledgement acknowledgement;

    public DeletionService(ProfileStore profiles, ProfileService profileService, TokenStore tokens, LookupItemsOfProfile lookupItems,
                           LinkRecipients recipients, Mailer mailer, WebsiteLinks links,
                           AuditLog audit, Transactions transactions,
                           LearnerConfiguration config, Clock clock, MailOutbox outbox,
                           DeletionAcknowledgement acknowledgement) {
        this.outbox = outbox;
        this.acknowledgement = acknowledgement;
        this.profiles = profiles;
        this.profileService = profileService;
        this.tokens = tokens;
        this.lookupItems = lookupItems;
        this.recipients = recipients;
        this.mailer = mailer;
        this.links = links;
        this.audit = audit;
        this.transactions = transactions;
        this.config = config;
        this.clock = clock;
    }

    /** A signed-in learner's request, in force at once; a request already in force is the answer. */
    public Outcome request(String profileId, DeletionKind kind) {
        return takeEffect(() -> profileService.read(profileId), kind,
                List.of(audit.record(profileId, AuditEvent.DELETION_REQUESTED, Map.of("kind", kind.wireName()))));
    }

    /**
     * The public form: a known, confirmed learner gets a link confirming the request; anyone else
     * gets nothing. The caller cannot tell which: same answer, same minimum time.
     */
    public void requestByEmail(EmailAddress email, DeletionKind kind) {
        recipients.sendIfDue(TokenPurpose.CONFIRM_DELETION, email, profileId -> sendConfirmation(email, kind, profileId));
    }

    private void sendConfirmation(EmailAddress email, DeletionKind kind, String profileId) {
        Instant now = clock.instant();
        OneTimeToken token = OneTimeToken.generate();
        Duration ttl = config.getDeletionConfirmationLinkTtl();
        transactions.write(
                tokens.put(TokenPurpose.CONFIRM_DELETION, token, profileId, CONFIRMED_KIND.stored(kind), now.plus(ttl)),
                audit.record(profileId, AuditEvent.DELETION_REQUESTED, Map.of("kind", kind.wireName())));
        if (mailer.trySend(email, MailTemplate.CONFIRM_DELETION, withKind(kind, Map.of(
                "link", links.page("/confirm-deletion", token),
                "validHours", Math.max(1, ttl.toHours()))))) {
            LOG.info("deletion confirmation sent profileId={}", profileId);
        }
    }

    /** Puts in force the request behind a confirmation link. */
    public Outcome confirm(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        TokenGrant grant = tokens.find(TokenPurpose.CONFIRM_DELETION, token).orElseThrow(Refusal.INVALID_LINK::refused);
        Supplier<Profile> profile = () -> profiles.find(grant.profileId()).filter(Profile::isConfirmed)
                .orElseThrow(Refusal.INVALID_LINK::refused);
        return takeEffect(profile, grant.boundTo(CONFIRMED_KIND),
                List.of(tokens.consume(TokenPurpose.CONFIRM_DELETION, token, grant.profileId())));
    }

    /** A signed-in learner cancels; the profile is active again. */
    public Profile cancel(String profileId) {
        return cancel(profileService.read(profileId), List.of());
    }

    /** Cancels the request behind the link in its acknowledgement email. */
    public void cancelByLink(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        TokenGrant grant = tokens.find(TokenPurpose.CANCEL_DELETION, token).orElseThrow(Refusal.INVALID_LINK::refused);
        Profile current = profiles.find(grant.profileId())
                // A link from an earlier request, cancelled since, cancels no later one.
                .filter(profile -> profile.deletionRequest() != null
                        && profile.deletionRequest().requestedAt()
                                .equals(grant.boundTo(DeletionAcknowledgement.REQUEST_MADE_AT)))
                .orElseThrow(Refusal.INVALID_LINK::refused);
        cancel(current, List.of(tokens.consume(TokenPurpose.CANCEL_DELETION, token, current.profileId())));
    }

    private Outcome takeEffect(Supplier<Profile> load, DeletionKind kind, List<TransactWriteItem> alongside) {
        // Two tries: a second request racing this one may win; then its request is the answer.
        for (int attempt = 0; attempt < 2; attempt++) {
            Profile current = load.get();
            if (current.deletionRequest() != null) {
                return new Outcome(current, false);
            }
            // Whole seconds, as the ErasureDue index keeps them: the cancel and the erasure then agree
            // to the instant on when the grace period ends.
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            DeletionRequest request = new DeletionRequest(kind, now, kind == DeletionKind.DELETE
                    ? now.plus(config.getDeletionGracePeriod()).truncatedTo(ChronoUnit.SECONDS) : null);
            List<TransactWriteItem> writes = new ArrayList<>(alongside);
            writes.add(audit.record(current.profileId(), AuditEvent.DELETION_CONFIRMED,
                    Map.of("kind", kind.wireName())));
            // Signed out everywhere, in the same transaction as the request (see LookupItemsOfProfile).
            var sessions = LookupItemsOfProfile.fit(lookupItems.sessionDeletes(current.profileId()), writes.size() + 2);
            writes.addAll(sessions.inTransaction());
            Profile next = current.withDeletionRequest(request, now);
            MailOutbox.Entry mail = acknowledgement.entryFor(next.profileId(), next);
            writes.add(outbox.put(mail));
            if (profiles.replace(current, next, writes.toArray(TransactWriteItem[]::new))) {
                lookupItems.deleteNow(sessions.after());
                LOG.info("deletion request in force profileId={} kind={}", next.profileId(), kind.wireName());
                // Committed: the acknowledgement follows, now or from the outbox.
                acknowledgement.deliverNow(outbox, next.profileId(), next);
                return new Outcome(next, true);
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }

    private Profile cancel(Profile current, List<TransactWriteItem> alongside) {
        DeletionRequest request = current.deletionRequest();
        Instant now = clock.instant();
        if (request == null) {
            throw Refusal.NO_DELETION_REQUEST.refused();
        }
        if (!request.isCancellable(now)) {
            throw Refusal.GRACE_PERIOD_OVER.refused();
        }
        List<TransactWriteItem> writes = new ArrayList<>(alongside);
        writes.add(audit.record(current.profileId(), AuditEvent.DELETION_CANCELLED,
                Map.of("kind", request.kind().wireName())));
        Profile next = current.withDeletionRequest(null, now);
        if (!profiles.replace(current, next, writes.toArray(TransactWriteItem[]::new))) {
            // Erased meanwhile (the erasure won), or changed: either way this cancel did nothing.
            throw (profiles.find(current.profileId()).isEmpty() ? Refusal.GRACE_PERIOD_OVER : Refusal.PROFILE_CHANGED)
                    .refused();
        }
        LOG.info("deletion request cancelled profileId={}", current.profileId());
        return next;
    }

    static Map<String, Object> withKind(DeletionKind kind, Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("delete", kind == DeletionKind.DELETE);
        all.put("deactivate", kind == DeletionKind.DEACTIVATE);
        return all;
    }
}
