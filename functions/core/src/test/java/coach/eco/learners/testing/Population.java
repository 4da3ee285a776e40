package coach.eco.learners.testing;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.aws.Encrypting;
import coach.eco.learners.config.LearnerConfiguration;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.DeletionRequest;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileItems;
import coach.eco.learners.profile.RetentionPolicy;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.UUID;

/**
 * Many learners at once, written as signup and verification would leave them (encrypted by the
 * project's own client, email lookup keys from KMS), without a signup request each.
 */
public final class Population {
    /** A learner of the population: who, and in which state they were written. */
    public record Member(String profileId, TestLearners.Learner learner, ProfileStatus status) {
    }

    private Population() {
    }

    /** Confirmed, active learners; every other one has said no to the newsletter. */
    public static List<Member> active(ApplicationContext context, int count) {
        return write(context, count, (learner, n, now) -> profile(context, learner, ProfileStatus.ACTIVE, n % 2 == 0,
                now, null, null));
    }

    /** One confirmed, active learner who wrote their name this way. */
    public static Member activeNamed(ApplicationContext context, String fullName) {
        return write(context, 1, (learner, n, now) -> profile(context, new TestLearners.Learner(
                TestLearners.pii(fullName), learner.phone(), learner.phoneE164(), learner.email()),
                ProfileStatus.ACTIVE, true, now, null, null)).get(0);
    }

    /** Confirmed learners who deactivated their profile. */
    public static List<Member> deactivated(ApplicationContext context, int count) {
        return write(context, count, (learner, n, now) -> profile(context, learner, ProfileStatus.DEACTIVATED, true,
                now, new DeletionRequest(DeletionKind.DEACTIVATE, now, null), null));
    }

    /** Confirmed learners whose deletion is due now (the purge may erase them at any moment). */
    public static List<Member> dueForErasure(ApplicationContext context, int count) {
        return write(context, count, (learner, n, now) -> profile(context, learner, ProfileStatus.DEACTIVATED, true,
                now, new DeletionRequest(DeletionKind.DELETE, now.minus(Duration.ofHours(71)), now.minusSeconds(60)),
                null));
    }

    /**
     * Learners with the answers per purpose that {@code answersOf} gives the n-th at signup (a purpose left out is
     * one never answered; news and offers, which signup asks, a no unless given), active or, {@code DEACTIVATED},
     * with a deletion request in force (not yet due).
     */
    public static List<Member> answering(ApplicationContext context, int count, ProfileStatus status,
                                         IntFunction<Map<String, Boolean>> answersOf) {
        return write(context, count, (learner, n, now) -> {
            Map<String, Boolean> answers = new TreeMap<>(Map.of(ConsentPurpose.NEWS_AND_OFFERS, false));
            answers.putAll(answersOf.apply(n));
            return profile(context, learner, status, answers(answers, now), now, status == ProfileStatus.DEACTIVATED
                        ? new DeletionRequest(DeletionKind.DELETE, now, now.plus(Duration.ofHours(72))) : null, null);
        });
    }

    /** Signed up, never confirmed the email. */
    public static List<Member> unverified(ApplicationContext context, int count) {
        return write(context, count, (learner, n, now) -> profile(context, learner,
                ProfileStatus.PENDING_VERIFICATION, true, now, null, now.plus(Duration.ofHours(24))));
    }

    private interface ProfileOf {
        Profile of(TestLearners.Learner learner, int n, Instant now);
    }

    private static List<Member> write(ApplicationContext context, int count, ProfileOf profileOf) {
        LearnerConfiguration config = context.getBean(LearnerConfiguration.class);
        List<Member> members = new ArrayList<>();
        List<Profile> profiles = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            TestLearners.Learner learner = TestLearners.next();
            Profile profile = profileOf.of(learner, n, Instant.now());
            profiles.add(profile);
            members.add(new Member(profile.profileId(), learner, profile.status()));
        }
        ProfileItems.writeAll(context.getBean(DynamoDbClient.class, Qualifiers.byStereotype(Encrypting.class)),
                context.getBean(RetentionPolicy.class), config.getProfilesTable(), config.getLookupTable(), profiles);
        return Collections.unmodifiableList(members);
    }

    private static Profile profile(ApplicationContext context, TestLearners.Learner learner, ProfileStatus status,
                                   boolean newsletter, Instant now, DeletionRequest request, Instant expiresAt) {
        return profile(context, learner, status, answers(Map.of(ConsentPurpose.NEWS_AND_OFFERS, newsletter), now), now,
                request, expiresAt);
    }

    private static List<PurposeAnswer> answers(Map<String, Boolean> answers, Instant now) {
        return new TreeMap<>(answers).entrySet().stream().map(answer -> new PurposeAnswer(answer.getKey(),
                answer.getValue(), now, PurposeAnswer.Channel.SIGNUP_FORM, "2024-06-01")).toList();
    }

    private static Profile profile(ApplicationContext context, TestLearners.Learner learner, ProfileStatus status,
                                   List<PurposeAnswer> answers, Instant now, DeletionRequest request,
                                   Instant expiresAt) {
        EmailAddress email = EmailAddress.parse(learner.email());
        return new Profile(UUID.randomUUID().toString(), FullName.parse(learner.fullName()),
                PhoneNumber.parse(learner.phone()), email, context.getBean(EmailLookupKeys.class).lookupKeyOf(email),
                status, answers, now, now,
                status == ProfileStatus.PENDING_VERIFICATION ? null : now, expiresAt, null, null, request, List.of(),
                List.of(), now, null, 1);
    }
}
