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
import coach.eco.learners.profile.Guardian;
import coach.eco.learners.profile.PhoneNumber;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileItems;
import coach.eco.learners.profile.RetentionPolicy;
import coach.eco.learners.time.VietnamTime;
import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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

    /**
     * One confirmed, active learner of 12 this year (Vietnam time) whose guardian, at
     * {@link TestLearners#guardianOf}, consented and who confirmed their own address, as a minor's signup leaves them.
     */
    public static Member minor(ApplicationContext context) {
        return write(context, 1, (learner, n, now) -> {
            EmailAddress guardian = EmailAddress.parse(TestLearners.guardianOf(learner));
            return profile(context, learner, ProfileStatus.ACTIVE, false, now, null, null, List.of(),
                    new Guardian(VietnamTime.yearOf(now) - 12, guardian,
                            context.getBean(EmailLookupKeys.class).lookupKeyOf(guardian), now, now));
        }).get(0);
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

    /** Where a learner of {@link #answering} stands: the profile's state, and the answers given, oldest first. */
    public record Standing(ProfileStatus status, boolean beingDeleted, List<Boolean> answers) {
        /** Confirmed and active, having answered so (no answer: never asked). */
        public static Standing active(Boolean... answers) {
            return new Standing(ProfileStatus.ACTIVE, false, List.of(answers));
        }

        /** Confirmed, then asked for deletion, in force and waiting for its erasure. */
        public static Standing beingDeleted(Boolean... answers) {
            return new Standing(ProfileStatus.DEACTIVATED, true, List.of(answers));
        }

        /** Reported as made without its owner's permission, suspended while staff check. */
        public static Standing suspended(Boolean... answers) {
            return new Standing(ProfileStatus.SUSPENDED, false, List.of(answers));
        }

        /** Signed up, never confirmed the email. */
        public static Standing unverified(Boolean... answers) {
            return new Standing(ProfileStatus.PENDING_VERIFICATION, false, List.of(answers));
        }
    }

    /**
     * Learners who answered a purpose, each standing as given, in one batch write; every answer is given
     * signed in, a minute after the one before, the last a minute ago.
     */
    public static List<Member> answering(ApplicationContext context, String purposeId, List<Standing> standings) {
        return write(context, standings.size(), (learner, n, now) -> {
            Standing standing = standings.get(n);
            List<PurposeAnswer> answers = new ArrayList<>();
            for (int i = 0; i < standing.answers().size(); i++) {
                answers.add(new PurposeAnswer(purposeId, standing.answers().get(i),
                        now.minus(Duration.ofMinutes(standing.answers().size() - i)), PurposeAnswer.Channel.PROFILE,
                        "2024-06-01"));
            }
            return profile(context, learner, standing.status(), false, now, standing.beingDeleted()
                            ? new DeletionRequest(DeletionKind.DELETE, now, now.plus(Duration.ofHours(70))) : null,
                    standing.status() == ProfileStatus.PENDING_VERIFICATION ? now.plus(Duration.ofHours(24)) : null,
                    answers, null);
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
        return profile(context, learner, status, newsletter, now, request, expiresAt, List.of(), null);
    }

    private static Profile profile(ApplicationContext context, TestLearners.Learner learner, ProfileStatus status,
                                   boolean newsletter, Instant now, DeletionRequest request, Instant expiresAt,
                                   List<PurposeAnswer> laterAnswers, Guardian guardian) {
        EmailAddress email = EmailAddress.parse(learner.email());
        List<PurposeAnswer> answers = new ArrayList<>(List.of(new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS,
                newsletter, now, PurposeAnswer.Channel.SIGNUP_FORM, "2024-06-01")));
        answers.addAll(laterAnswers);
        return new Profile(UUID.randomUUID().toString(), FullName.parse(learner.fullName()),
                PhoneNumber.parse(learner.phone()), email, context.getBean(EmailLookupKeys.class).lookupKeyOf(email),
                status, answers, now, now,
                status == ProfileStatus.PENDING_VERIFICATION ? null : now, expiresAt, null, null, request, List.of(),
                List.of(), now, null, 1, guardian);
    }
}
