package coach.eco.learners.testing;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.aws.Batches;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.DeletionRequest;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.HoldNote;
import coach.eco.learners.profile.LegalHold;
import coach.eco.learners.profile.PhoneNumber;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.context.ApplicationContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Profiles in every retention state at once, as the functions would have left them at one instant:
 * due for erasure under each rule, due an inactivity warning, held, damaged, and not due. Due, held
 * and warned profiles are real encrypted items written through the profile store; the ones not due
 * are plain items (only the retention keys matter to the purge), which nothing ever decrypts. For
 * the purge's population test and its benchmark.
 */
public final class RetentionPopulation {
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    /**
     * How many profiles of each kind: due for erasure by rule (requested, warned and silent past the
     * date given, warned late after a long silence, unverified), due a warning, held in each of the
     * two erasure rules that can be held, damaged, and all profiles together (the rest are not due).
     */
    public record Sizes(int requested, int warnedOnTime, int warnedLate, int unverified, int warningDue,
                        int heldPerRule, int damaged, int profiles) {
        /** Enough of each kind that a purge reading the whole table reads far more than the due ones. */
        public static final Sizes EVERYDAY = new Sizes(20, 10, 10, 20, 10, 2, 3, 2_000);
        /** The population the retention figures in docs/performance.md come from. */
        public static final Sizes FULL = new Sizes(70, 50, 40, 40, 30, 5, 5, 20_000);
    }

    private final Map<String, List<String>> dueByRule = new LinkedHashMap<>();
    private final List<String> held = new ArrayList<>();
    private final List<String> damaged = new ArrayList<>();
    private final Set<String> warningDue = new HashSet<>();
    private final List<String> notDue = new ArrayList<>();
    private final Instant now;
    private final String profilesTable;
    private final DynamoDbClient plainDynamoDb;
    private final ProfileStore profiles;
    private final TokenStore tokens;
    private final EmailLookupKeys emailKeys;

    private RetentionPopulation(ApplicationContext services, DynamoDbClient plainDynamoDb, String profilesTable,
                                Instant now) {
        this.now = now;
        this.profilesTable = profilesTable;
        this.plainDynamoDb = plainDynamoDb;
        this.profiles = services.getBean(ProfileStore.class);
        this.tokens = services.getBean(TokenStore.class);
        this.emailKeys = services.getBean(EmailLookupKeys.class);
    }

    /** Writes the population through the services of a function context that signs learners up. */
    public static RetentionPopulation write(ApplicationContext services, DynamoDbClient plainDynamoDb,
                                            String profilesTable, Instant now, Sizes sizes) {
        RetentionPopulation population = new RetentionPopulation(services, plainDynamoDb, profilesTable, now);
        population.writeAll(sizes);
        return population;
    }

    private void writeAll(Sizes sizes) {
        for (int i = 0; i < sizes.requested(); i++) {
            due("requested", requestedPastGrace(false));
        }
        for (int i = 0; i < sizes.warnedOnTime(); i++) {
            due("inactive", warnedOnTime(false));
        }
        for (int i = 0; i < sizes.warnedLate(); i++) {
            due("inactive", warnedLateAndSilent(i % 2 == 0));
        }
        for (int i = 0; i < sizes.unverified(); i++) {
            due("unverified", unverifiedLapsed());
        }
        for (int i = 0; i < sizes.warningDue(); i++) {
            warningDue.add(warningFellDue());
        }
        for (int i = 0; i < sizes.heldPerRule(); i++) {
            held.add(requestedPastGrace(true));
            held.add(warnedOnTime(true));
        }
        for (int i = 0; i < sizes.damaged(); i++) {
            damaged.add(damagedItem());
        }
        notDue(sizes.profiles() - dueCount() - warningDue.size() - held.size() - damaged.size());
    }

    /** The ids due for erasure, by the rule that makes them due. */
    public Map<String, List<String>> dueByRule() {
        return dueByRule;
    }

    public List<String> due() {
        return dueByRule.values().stream().flatMap(List::stream).toList();
    }

    public int dueCount() {
        return dueByRule.values().stream().mapToInt(List::size).sum();
    }

    public List<String> held() {
        return held;
    }

    public List<String> damaged() {
        return damaged;
    }

    public Set<String> warningDue() {
        return warningDue;
    }

    public List<String> notDue() {
        return notDue;
    }

    /** Every profile the purge must leave, for removal after the test. */
    public List<String> left() {
        List<String> left = new ArrayList<>(notDue);
        left.addAll(held);
        left.addAll(damaged);
        left.addAll(warningDue);
        return left;
    }

    private void due(String rule, String profileId) {
        dueByRule.computeIfAbsent(rule, key -> new ArrayList<>()).add(profileId);
    }

    /** Asked for deletion 71 hours ago: the grace period ended an hour ago. */
    private String requestedPastGrace(boolean held) {
        Instant requested = now.minus(Duration.ofHours(71));
        DeletionRequest request = new DeletionRequest(DeletionKind.DELETE, requested, now.minus(Duration.ofHours(1)));
        Profile profile = confirmed(ProfileStatus.DEACTIVATED, requested, request, null, held);
        return store(profile, tokens.put(TokenPurpose.CANCEL_DELETION, OneTimeToken.generate(), profile.profileId(),
                requested.toString(), request.erasureDueAt().plus(Duration.ofDays(7))));
    }

    /** Last active 24 months and 2 days ago, warned 32 days ago: the date the warning gave has passed. */
    private String warnedOnTime(boolean held) {
        Instant lastActive = monthsAgo(24).minus(Duration.ofDays(2));
        Instant erasureAt = lastActive.atZone(VIETNAM).plusMonths(24).toInstant();
        return store(confirmed(ProfileStatus.ACTIVE, lastActive, null, erasureAt, held));
    }

    /** Last active 30 months ago (before retention by inactivity began), warned 31 days ago. */
    private String warnedLateAndSilent(boolean deactivated) {
        DeletionRequest deactivation = deactivated
                ? new DeletionRequest(DeletionKind.DEACTIVATE, monthsAgo(30), null) : null;
        return store(confirmed(deactivated ? ProfileStatus.DEACTIVATED : ProfileStatus.ACTIVE, monthsAgo(30),
                deactivation, now.minus(Duration.ofDays(1)), false));
    }

    /** Signed up three days ago and never confirmed; DynamoDB TTL has not removed it yet. */
    private String unverifiedLapsed() {
        Instant created = now.minus(Duration.ofDays(3));
        Instant expires = created.plus(Duration.ofDays(1));
        Profile pending = profile(ProfileStatus.PENDING_VERIFICATION, created, null, expires, null, null, false);
        return store(pending, tokens.put(TokenPurpose.VERIFY_EMAIL, OneTimeToken.generate(), pending.profileId(),
                expires));
    }

    /** Last active 24 months less 29 days ago: the warning fell due a day ago. */
    private String warningFellDue() {
        return store(confirmed(ProfileStatus.ACTIVE, monthsAgo(24).plus(Duration.ofDays(29)), null, null, false));
    }

    /** Due, but damaged (a version written as text by a faulty import): reading it throws. */
    private String damagedItem() {
        String id = UUID.randomUUID().toString();
        plainDynamoDb.putItem(request -> request.tableName(profilesTable).item(Map.of(
                "profileId", AttributeValue.fromS(id),
                "version", AttributeValue.fromS("1"),
                "retentionQueue", AttributeValue.fromS("erase"),
                "retentionRule", AttributeValue.fromS("requested"),
                "retentionDueAt", AttributeValue.fromN(Long.toString(now.minus(Duration.ofHours(3))
                        .getEpochSecond())))));
        return id;
    }

    /**
     * Learners not due for anything: most wait for an inactivity warning months ahead, one in ten
     * for an erasure they asked for, later this week. Plain items: only the index keys matter here.
     */
    private void notDue(int count) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = UUID.randomUUID().toString();
            notDue.add(id);
            boolean requested = i % 10 == 0;
            Instant dueAt = requested ? now.plus(Duration.ofHours(1 + i % 69)) : now.plus(Duration.ofDays(1 + i % 670));
            items.add(Map.of(
                    "profileId", AttributeValue.fromS(id),
                    "version", AttributeValue.fromN("3"),
                    "retentionQueue", AttributeValue.fromS(requested ? "erase" : "warn"),
                    "retentionRule", AttributeValue.fromS(requested ? "requested" : "inactivity-warning"),
                    "retentionDueAt", AttributeValue.fromN(Long.toString(dueAt.getEpochSecond()))));
        }
        for (int from = 0; from < items.size(); from += Batches.MAX_WRITES) {
            Batches.putAll(plainDynamoDb, profilesTable, items.subList(from, Math.min(items.size(),
                    from + Batches.MAX_WRITES)));
        }
    }

    private Instant monthsAgo(int months) {
        return now.atZone(VIETNAM).minusMonths(months).toInstant();
    }

    private Profile confirmed(ProfileStatus status, Instant lastActive, DeletionRequest request,
                              Instant inactivityErasureAt, boolean held) {
        return profile(status, lastActive, lastActive, null, request, inactivityErasureAt, held);
    }

    private Profile profile(ProfileStatus status, Instant since, Instant verifiedAt, Instant expiresAt,
                            DeletionRequest request, Instant inactivityErasureAt, boolean held) {
        TestLearners.Learner learner = TestLearners.next();
        EmailAddress email = EmailAddress.parse(learner.email());
        List<LegalHold> holds = held ? List.of(LegalHold.placed(new HoldNote(TestLearners.pii("tranh chấp"),
                "HS-2026/" + learner.phone().substring(6)), "arn:aws:iam::123456789012:user/records-officer",
                now.minus(Duration.ofDays(10)))) : List.of();
        return new Profile(UUID.randomUUID().toString(), FullName.parse(learner.fullName()),
                PhoneNumber.parse(learner.phone()), email, emailKeys.lookupKeyOf(email), status,
                List.of(new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, false, since, PurposeAnswer.Channel.SIGNUP_FORM, "2024-06-01")), since, since, verifiedAt, expiresAt,
                null, null, request, holds, List.of(), since, inactivityErasureAt, 1, null);
    }

    private String store(Profile profile, TransactWriteItem... with) {
        if (!profiles.createPending(profile, Writes.of(with))) {
            throw new IllegalStateException("a profile of the population was not written");
        }
        return profile.profileId();
    }
}
