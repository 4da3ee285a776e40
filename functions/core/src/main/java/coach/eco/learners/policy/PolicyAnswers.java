package coach.eco.learners.policy;

import coach.eco.learners.audit.AuditEvent;
import coach.eco.learners.audit.AuditLog;
import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.consent.PolicyAnswer;
import coach.eco.learners.mail.LinkMails;
import coach.eco.learners.mail.MailTemplate;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.time.VietnamTime;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenBinding;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The consent ledger's writes: a learner's yes or no to a policy version that asks for consent,
 * from the email's one-time links or signed in, or, for a learner under 16, their guardian's from the links of
 * the guardian's own mail. Each answer is appended to the profile with the version's evidence hash and whose
 * it is, audited and counted in one transaction; a refusal also turns the newsletter off and is confirmed by
 * email to whoever gave it.
 */
@Singleton
public class PolicyAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyAnswers.class);
    private static final int TRIES = 3;
    /**
     * An accept or refuse link is bound to the policy version it answers and to whose answer it records: the
     * version id alone for the learner's (as every link was before guardians had their own), {@code
     * <version>#guardian} for their guardian's.
     */
    static final TokenBinding<AnswerFor> ANSWERED_VERSION = TokenBinding.of(
            answer -> answer.actor() == PurposeAnswer.Actor.LEARNER ? answer.versionId()
                    : answer.versionId() + "#" + answer.actor().wireName(),
            stored -> stored.contains("#")
                    ? new AnswerFor(stored.substring(0, stored.indexOf('#')),
                            PurposeAnswer.Actor.ofWireName(stored.substring(stored.indexOf('#') + 1)))
                    : new AnswerFor(stored, PurposeAnswer.Actor.LEARNER));

    /** What an answer link records: an answer to this version, given by {@code actor}. */
    record AnswerFor(String versionId, PurposeAnswer.Actor actor) {
    }

    private final ProfileStore profiles;
    private final PolicyVersionStore versions;
    private final TokenStore tokens;
    private final AuditLog audit;
    private final LinkMails mails;
    private final Transactions transactions;
    private final Clock clock;

    public PolicyAnswers(ProfileStore profiles, PolicyVersionStore versions, TokenStore tokens, AuditLog audit,
                         LinkMails mails, Transactions transactions, Clock clock) {
        this.profiles = profiles;
        this.versions = versions;
        this.tokens = tokens;
        this.audit = audit;
        this.mails = mails;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The answer behind an accept or refuse link, the learner's or their guardian's as the link was mailed;
     * the link works once, for its learner, version and actor only, and uses up its twin. A guardian's link
     * stops working once the guardian no longer acts for the learner. Returns what was answered, nothing of
     * the profile.
     */
    public LinkAnswer answerByLink(String rawToken, boolean accepted) {
        TokenPurpose purpose = accepted ? TokenPurpose.ACCEPT_POLICY : TokenPurpose.REFUSE_POLICY;
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        var grant = tokens.find(purpose, token).orElseThrow(Refusal.INVALID_LINK::refused);
        AnswerFor answerFor = grant.boundTo(ANSWERED_VERSION);
        PolicyVersion version = versions.find(answerFor.versionId()).orElseThrow(Refusal.INVALID_LINK::refused);
        answer(grant.profileId(), version, accepted, answerFor.actor(), PolicyAnswer.AnswerChannel.EMAIL_LINK,
                tokens.consumeWithTwin(purpose, token, grant));
        return new LinkAnswer(version.versionId(), accepted);
    }

    /**
     * A signed-in answer, or change of answer, to a version that asks for consent: the learner's, or their
     * guardian's when the guardian signed in for them.
     */
    public Profile answerSignedIn(String profileId, String versionId, boolean accepted, PurposeAnswer.Actor actor) {
        PolicyVersion version = versions.find(versionId).filter(PolicyVersion::approved)
                .orElseThrow(Refusal.NO_SUCH_POLICY_VERSION::refused);
        if (!version.asksForConsent()) {
            throw Refusal.NO_CONSENT_ASKED.refused();
        }
        return answer(profileId, version, accepted, actor, PolicyAnswer.AnswerChannel.SIGNED_IN,
                List.of());
    }

    private Profile answer(String profileId, PolicyVersion version, boolean accepted, PurposeAnswer.Actor actor,
                           PolicyAnswer.AnswerChannel channel, List<TransactWriteItem> consumedTokens) {
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Instant now = clock.instant();
            Profile current = profiles.find(profileId).filter(Profile::isConfirmed)
                    .filter(found -> actor == PurposeAnswer.Actor.LEARNER
                            || found.guardian() != null && found.guardian().actsIn(VietnamTime.yearOf(now)))
                    .orElseThrow(channel == PolicyAnswer.AnswerChannel.EMAIL_LINK
                            ? Refusal.INVALID_LINK::refused : Refusal.NOT_SIGNED_IN::refused);
            Optional<Boolean> previous = current.policyAnswerBy(version.versionId(), actor).map(PolicyAnswer::accepted);
            Writes alongside = new Writes();
            consumedTokens.forEach(alongside::add);
            if (previous.isPresent() && previous.get() == accepted) {
                // The same answer again records nothing new; a link is still used up.
                Writes used = new Writes();
                consumedTokens.forEach(used::add);
                if (!consumedTokens.isEmpty() && !transactions.write(used)) {
                    throw Refusal.INVALID_LINK.refused();
                }
                return current;
            }
            PurposeAnswer newsletterOff = !accepted && current.consentsTo(ConsentPurpose.NEWS_AND_OFFERS)
                    ? new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, false, now,
                            channel == PolicyAnswer.AnswerChannel.EMAIL_LINK
                                    ? PurposeAnswer.Channel.MAIL_LINK : PurposeAnswer.Channel.PROFILE,
                            version.versionId(), actor)
                    : null;
            Profile next = current.withPolicyAnswer(new PolicyAnswer(version.versionId(), accepted, now, channel,
                    version.evidenceHash(), actor), newsletterOff, now);
            alongside.add(audit.record(profileId, accepted ? AuditEvent.POLICY_ACCEPTED : AuditEvent.POLICY_REFUSED,
                    Map.of("policyVersion", version.versionId(), "channel", channel.name(),
                            "actor", actor.wireName())));
            if (newsletterOff != null) {
                alongside.add(audit.record(profileId, AuditEvent.MARKETING_CONSENT_CHANGED));
            }
            // The counters count learners by the answer in force, which a guardian's answer may leave as it was.
            Map<PolicyVersionStore.Counter, Long> counted = countChange(
                    current.policyAnswer(version.versionId()).map(PolicyAnswer::accepted),
                    next.policyAnswer(version.versionId()).map(PolicyAnswer::accepted));
            if (!counted.isEmpty()) {
                alongside.add(versions.addition(version.versionId(), counted));
            }
            if (profiles.replace(current, next, alongside)) {
                LOG.info("policy answered profileId={} versionId={} accepted={} channel={} actor={}", profileId,
                        version.versionId(), accepted, channel, actor.wireName());
                if (!accepted) {
                    boolean byGuardian = actor == PurposeAnswer.Actor.GUARDIAN;
                    mails.mail(byGuardian ? next.guardian().email() : next.email(), MailTemplate.POLICY_REFUSED,
                            Map.of("fullName", next.fullName().value(),
                                    "guardian", byGuardian,
                                    "versionId", version.versionId(),
                                    "deleteUrl", mails.page("/delete-profile"),
                                    "signInUrl", mails.page("/sign-in"))).trySend();
                }
                return next;
            }
        }
        throw Refusal.PROFILE_CHANGED.refused();
    }

    /**
     * What moving a learner's answer in force from {@code previous} to {@code next} does to the counters. A child's
     * acceptance alone, before their guardian's, leaves no answer in force: nothing to count yet.
     */
    private static Map<PolicyVersionStore.Counter, Long> countChange(Optional<Boolean> previous,
                                                                     Optional<Boolean> next) {
        Map<PolicyVersionStore.Counter, Long> change = new EnumMap<>(PolicyVersionStore.Counter.class);
        if (next.isEmpty() || previous.equals(next)) {
            return change;
        }
        change.put(next.get() ? PolicyVersionStore.Counter.ACCEPTED : PolicyVersionStore.Counter.REFUSED, 1L);
        previous.ifPresent(before -> change.put(before
                ? PolicyVersionStore.Counter.ACCEPTED : PolicyVersionStore.Counter.REFUSED, -1L));
        return change;
    }
}
