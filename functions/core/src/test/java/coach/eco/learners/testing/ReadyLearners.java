package coach.eco.learners.testing;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.aws.Encrypting;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.Guardian;
import coach.eco.learners.profile.PhoneNumber;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileItems;
import coach.eco.learners.profile.RetentionPolicy;
import coach.eco.learners.session.SessionStore;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Learners written straight into the tables as signup, verification and sign-in leave them, by
 * batch writes through the function's own stores and encrypting client: for tests whose subject
 * comes after those steps (a fault cell, say), which need not pay for the steps each time. The
 * journeys that are the subject of a test go over the routes instead.
 */
public final class ReadyLearners {
    private final DynamoDbClient encrypting;
    private final LearnerConfiguration config;
    private final RetentionPolicy retention;
    private final EmailLookupKeys emailKeys;
    private final SessionStore sessions;
    private final TokenStore tokens;
    private final Clock clock;

    /** Writes through the beans of this function context (its clock included). */
    public ReadyLearners(ApplicationContext context) {
        encrypting = context.getBean(DynamoDbClient.class, Qualifiers.byStereotype(Encrypting.class));
        config = context.getBean(LearnerConfiguration.class);
        retention = context.getBean(RetentionPolicy.class);
        emailKeys = context.getBean(EmailLookupKeys.class);
        sessions = context.getBean(SessionStore.class);
        tokens = context.getBean(TokenStore.class);
        clock = context.getBean(Clock.class);
    }

    /** Signed up (with the newsletter) and confirmed, as verification leaves the profile; returns its id. */
    public String confirmed(TestLearners.Learner learner) {
        return written(pending(learner, null).verified(clock.instant()));
    }

    /**
     * Signed up under 16 (born in {@code birthYear}, with the newsletter), naming {@code guardian}, who consented
     * with {@code guardiansAnswers}, and confirmed, as the last confirmation leaves the profile; returns its id.
     */
    public String confirmedWithGuardian(TestLearners.Learner learner, int birthYear, TestLearners.Learner guardian,
                                        Map<String, Boolean> guardiansAnswers) {
        Instant now = clock.instant();
        EmailAddress guardianEmail = EmailAddress.parse(guardian.email());
        Profile pending = pending(learner, Guardian.named(birthYear, guardianEmail, emailKeys.lookupKeyOf(guardianEmail)));
        List<PurposeAnswer> answers = guardiansAnswers.entrySet().stream().map(answer -> new PurposeAnswer(
                answer.getKey(), answer.getValue(), now, PurposeAnswer.Channel.MAIL_LINK, null,
                PurposeAnswer.Actor.GUARDIAN)).toList();
        return written(pending.withLearnerConfirmed(now).withGuardianConsent(answers, now).verified(now));
    }

    private Profile pending(TestLearners.Learner learner, Guardian guardian) {
        Instant now = clock.instant();
        EmailAddress email = EmailAddress.parse(learner.email());
        return Profile.pending(UUID.randomUUID().toString(), FullName.parse(learner.fullName()),
                PhoneNumber.parse(learner.phone()), email, emailKeys.lookupKeyOf(email),
                List.of(new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, true, now, PurposeAnswer.Channel.SIGNUP_FORM, null)), now, now.plus(config.getVerificationLinkTtl()), guardian);
    }

    private String written(Profile profile) {
        ProfileItems.writeAll(encrypting, retention, config.getProfilesTable(), config.getLookupTable(),
                List.of(profile));
        return profile.profileId();
    }

    /** A session of the profile started now, as a sign-in link's exchange starts it; returns its token. */
    public String signedIn(String profileId) {
        OneTimeToken token = OneTimeToken.generate();
        encrypting.putItem(request -> request.tableName(config.getLookupTable())
                .item(sessions.create(token, profileId, PurposeAnswer.Actor.LEARNER, clock.instant(),
                        clock.instant().plus(config.getSessionAbsoluteTimeout())).put().item()));
        LearnerWayIn.remember(token.value());
        return token.value();
    }

    /** A sign-in link mailed now to the profile's address, unused; returns its token. */
    public String signInLink(String profileId) {
        OneTimeToken token = OneTimeToken.generate();
        tokens.save(TokenPurpose.SIGN_IN, token, profileId, clock.instant().plus(config.getSignInLinkTtl()));
        LearnerWayIn.remember(token.value());
        return token.value();
    }
}
