package coach.eco.learners.purge;

import coach.eco.learners.aws.Writes;
import coach.eco.learners.consent.MarketingConsent;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.DeletionRequest;
import coach.eco.learners.profile.HoldNote;
import coach.eco.learners.profile.LegalHold;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.FullName;
import coach.eco.learners.profile.PhoneNumber;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStatus;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.TestLearners;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention over 20,000 profiles: 200 due for erasure under mixed rules, 30 due a warning, 10 held,
 * 5 damaged items, and the rest not due. Due profiles are real encrypted items written through the
 * profile store; the others are plain items, which nothing here ever decrypts.
 */
@ExtendWith(LocalAwsExtension.class)
@EnabledIfSystemProperty(named = "retention.at-scale", matches = "true",
        disabledReason = "runs in the at-scale execution, with an emulator of its own (see pom.xml)")
class RetentionAtScaleIT {
    private static final int PROFILES = 20_000;
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private static RetentionFunctions functions;
    private static ApplicationContext writer;
    private static DynamoDbClient plainDynamoDb;
    private static String profilesTable;
    private static String lookupTable;

    private static final Map<String, List<String>> DUE_BY_RULE = new HashMap<>();
    private static final List<String> HELD = new ArrayList<>();
    private static final List<String> DAMAGED = new ArrayList<>();
    private static final Set<String> WARNING_DUE = new HashSet<>();
    private static final List<String> NOT_DUE = new ArrayList<>();

    @BeforeAll
    static void twentyThousandProfiles() {
        // The emulator reads every item of a table for each query (20,000 here): seconds, not milliseconds.
        functions = new RetentionFunctions(Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT60S"));
        writer = functions.services;
        plainDynamoDb = functions.plainDynamoDb;
        profilesTable = LocalAwsExtension.aws().physicalId("ProfilesTable");
        lookupTable = LocalAwsExtension.aws().physicalId("LookupTable");
        Fixtures fixtures = new Fixtures(functions.clock.instant().truncatedTo(ChronoUnit.SECONDS));
        for (int i = 0; i < 70; i++) {
            DUE_BY_RULE.computeIfAbsent("requested", rule -> new ArrayList<>()).add(fixtures.requestedPastGrace(false));
        }
        for (int i = 0; i < 50; i++) {
            DUE_BY_RULE.computeIfAbsent("inactive", rule -> new ArrayList<>()).add(fixtures.warnedOnTime(false));
        }
        for (int i = 0; i < 40; i++) {
            DUE_BY_RULE.get("inactive").add(fixtures.warnedLateAndSilent(i % 2 == 0));
        }
        for (int i = 0; i < 40; i++) {
            DUE_BY_RULE.computeIfAbsent("unverified", rule -> new ArrayList<>()).add(fixtures.unverifiedLapsed());
        }
        for (int i = 0; i < 30; i++) {
            fixtures.warningDue();
        }
        for (int i = 0; i < 5; i++) {
            HELD.add(fixtures.requestedPastGrace(true));
            HELD.add(fixtures.warnedOnTime(true));
        }
        for (int i = 0; i < 5; i++) {
            DAMAGED.add(fixtures.damaged());
        }
        fixtures.notDue(PROFILES - dueCount() - WARNING_DUE.size() - HELD.size() - DAMAGED.size());
    }

    @AfterAll
    static void removeWhatIsLeft() {
        List<String> left = new ArrayList<>(NOT_DUE);
        left.addAll(HELD);
        left.addAll(DAMAGED);
        left.addAll(WARNING_DUE);
        batches(left.stream().map(id -> WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                .key(Map.of("profileId", AttributeValue.fromS(id))).build()).build()).toList());
        functions.close();
    }

    @Test
    void purgeAndWarnings_eraseExactlyWhatIsDue_warnOnce_reportDamagedItems_andReadOnlyWhatIsDue() {
        long profilesBefore = countProfiles();

        RetentionPurge.Report dryRun = functions.dryRun();

        Map<String, Integer> dueByRule = new HashMap<>();
        DUE_BY_RULE.forEach((rule, ids) -> dueByRule.put(rule, ids.size()));
        Map<String, Integer> expectedDryRun = new HashMap<>(dueByRule);
        expectedDryRun.put("inactivity-warning", WARNING_DUE.size());
        assertThat(dryRun.dryRun()).isTrue();
        assertThat(dryRun.byRule()).isEqualTo(expectedDryRun);
        assertThat(dryRun.held()).isEqualTo(HELD.size());
        assertThat(dryRun.failed()).containsExactlyInAnyOrderElementsOf(DAMAGED);
        assertThat(countProfiles()).as("a dry run erases nothing").isEqualTo(profilesBefore);
        assertThat(WARNING_DUE).as("and warns nobody")
                .allSatisfy(id -> assertThat(AuditTrail.eventsOf(plainDynamoDb, id)).doesNotContain("INACTIVITY_WARNED"));

        DynamoDbTap.resetItemsRead();
        RetentionPurge.Report run = functions.purgeRun();
        long itemsRead = DynamoDbTap.itemsRead();

        assertThat(run.byRule()).isEqualTo(dueByRule);
        assertThat(run.held()).isEqualTo(HELD.size());
        assertThat(run.failed()).as("damaged items, reported by id").containsExactlyInAnyOrderElementsOf(DAMAGED);
        assertThat(run.finished()).isTrue();
        System.out.printf("retention purge over %d profiles: %d due erased, %d held, %d damaged;"
                        + " DynamoDB items read: %d (%.2f per due profile)%n", PROFILES, dueCount(), HELD.size(),
                DAMAGED.size(), itemsRead, (double) itemsRead / dueCount());
        assertThat(itemsRead).as("items read: at most 3 per due profile, plus the held and damaged ones")
                .isLessThanOrEqualTo(3L * dueCount() + HELD.size() + DAMAGED.size());

        Set<String> profilesLeft = profileIds();
        Set<String> lookupsLeft = lookupProfileIds();
        List<String> due = DUE_BY_RULE.values().stream().flatMap(List::stream).toList();
        assertThat(due).as("erased, profile and lookup items").noneMatch(profilesLeft::contains)
                .noneMatch(lookupsLeft::contains);
        for (String rule : DUE_BY_RULE.keySet()) {
            String erased = DUE_BY_RULE.get(rule).get(0);
            assertThat(AuditTrail.recordsOf(plainDynamoDb, erased).get(AuditTrail.recordsOf(plainDynamoDb, erased)
                    .size() - 1).toString()).as("erasure record of %s", erased).contains("PROFILE_ERASED", rule);
        }
        assertThat(profilesLeft).containsAll(HELD).containsAll(DAMAGED).containsAll(WARNING_DUE);
        assertThat(profilesLeft).as("not due, not touched").containsAll(NOT_DUE);
        assertThat(profilesBefore - countProfiles()).isEqualTo(dueCount());

        DynamoDbTap.resetItemsRead();
        RetentionPurge.Report warned = functions.warningsRun();
        long warningReads = DynamoDbTap.itemsRead();
        RetentionPurge.Report warnedAgain = functions.warningsRun();

        assertThat(warned.byRule()).isEqualTo(Map.of("inactivity-warning", WARNING_DUE.size()));
        assertThat(warned.failed()).isEmpty();
        assertThat(warnedAgain.byRule()).as("a second run sends none").isEmpty();
        System.out.printf("inactivity warnings: %d sent; DynamoDB items read: %d%n", WARNING_DUE.size(), warningReads);
        // Recorded once SES took the mail. (The emulator's mailbox, which InactivityIT reads, is out of
        // reach here: reading it walks every item the emulator ever held.)
        assertThat(WARNING_DUE).allSatisfy(id -> assertThat(AuditTrail.eventsOf(plainDynamoDb, id))
                .as("one warning each").containsOnlyOnce("INACTIVITY_WARNED"));

        RetentionPurge.Report second = functions.purgeRun();
        RetentionPurge.Report third = functions.purgeRun();
        RetentionPurge.Report fourth = functions.purgeRun();

        assertThat(second.byRule()).isEmpty();
        assertThat(second.failed()).containsExactlyInAnyOrderElementsOf(DAMAGED);
        assertThat(second.parked()).isEmpty();
        assertThat(third.failed()).as("failed a third time, and parked").containsExactlyInAnyOrderElementsOf(DAMAGED);
        assertThat(third.parked()).containsExactlyInAnyOrderElementsOf(DAMAGED);
        assertThat(fourth.failed()).as("parked: no longer tried").isEmpty();
        assertThat(fourth.parked()).containsExactlyInAnyOrderElementsOf(DAMAGED);
        assertThat(fourth.held()).isEqualTo(HELD.size());
    }

    private static int dueCount() {
        return DUE_BY_RULE.values().stream().mapToInt(List::size).sum();
    }

    private static long countProfiles() {
        return plainDynamoDb.scanPaginator(request -> request.tableName(profilesTable)
                .select("COUNT")).stream().mapToLong(page -> page.count()).sum();
    }

    private static Set<String> profileIds() {
        return plainDynamoDb.scanPaginator(request -> request.tableName(profilesTable)
                        .projectionExpression("profileId")).items().stream()
                .map(item -> item.get("profileId").s()).collect(Collectors.toSet());
    }

    private static Set<String> lookupProfileIds() {
        return plainDynamoDb.scanPaginator(request -> request.tableName(lookupTable)).items().stream()
                .filter(item -> item.containsKey("profileId"))
                .map(item -> item.get("profileId").s()).collect(Collectors.toSet());
    }

    private static void batches(List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += 25) {
            List<WriteRequest> batch = writes.subList(from, Math.min(writes.size(), from + 25));
            Map<String, List<WriteRequest>> unprocessed = Map.of(profilesTable, batch);
            while (!unprocessed.isEmpty()) {
                Map<String, List<WriteRequest>> next = unprocessed;
                unprocessed = plainDynamoDb.batchWriteItem(request -> request.requestItems(next)).unprocessedItems();
            }
        }
    }

    /** Profiles in each state, as the functions would have left them at {@code now}. */
    private static final class Fixtures {
        private final Instant now;
        private final ProfileStore profiles = writer.getBean(ProfileStore.class);
        private final TokenStore tokens = writer.getBean(TokenStore.class);
        private final EmailLookupKeys emailKeys = writer.getBean(EmailLookupKeys.class);

        Fixtures(Instant now) {
            this.now = now;
        }

        /** Asked for deletion 71 hours ago: the grace period ended an hour ago. */
        String requestedPastGrace(boolean held) {
            Instant requested = now.minus(Duration.ofHours(71));
            DeletionRequest request = new DeletionRequest(DeletionKind.DELETE, requested, now.minus(Duration.ofHours(1)));
            Profile profile = confirmed(ProfileStatus.DEACTIVATED, requested, request, null, held);
            store(profile, tokens.put(TokenPurpose.CANCEL_DELETION, OneTimeToken.generate(), profile.profileId(),
                    requested.toString(), request.erasureDueAt().plus(Duration.ofDays(7))));
            return profile.profileId();
        }

        /** Last active 24 months and 2 days ago, warned 32 days ago: the date the warning gave has passed. */
        String warnedOnTime(boolean held) {
            Instant lastActive = monthsAgo(24).minus(Duration.ofDays(2));
            Instant erasureAt = lastActive.atZone(VIETNAM).plusMonths(24).toInstant();
            return store(confirmed(ProfileStatus.ACTIVE, lastActive, null, erasureAt, held));
        }

        /** Last active 30 months ago (before retention by inactivity began), warned 31 days ago. */
        String warnedLateAndSilent(boolean deactivated) {
            DeletionRequest deactivation = deactivated
                    ? new DeletionRequest(DeletionKind.DEACTIVATE, monthsAgo(30), null) : null;
            return store(confirmed(deactivated ? ProfileStatus.DEACTIVATED : ProfileStatus.ACTIVE, monthsAgo(30),
                    deactivation, now.minus(Duration.ofDays(1)), false));
        }

        /** Signed up three days ago and never confirmed; DynamoDB TTL has not removed it yet. */
        String unverifiedLapsed() {
            Instant created = now.minus(Duration.ofDays(3));
            Instant expires = created.plus(Duration.ofDays(1));
            Profile pending = profile(ProfileStatus.PENDING_VERIFICATION, created, null, expires, null, null, false);
            return store(pending, tokens.put(TokenPurpose.VERIFY_EMAIL, OneTimeToken.generate(), pending.profileId(),
                    expires));
        }

        /** Last active 24 months less 29 days ago: the warning fell due a day ago. */
        void warningDue() {
            Profile profile = confirmed(ProfileStatus.ACTIVE, monthsAgo(24).plus(Duration.ofDays(29)), null, null,
                    false);
            store(profile);
            WARNING_DUE.add(profile.profileId());
        }

        /** Due, but damaged (a version written as text by a faulty import): reading it throws. */
        String damaged() {
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
        void notDue(int count) {
            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                NOT_DUE.add(id);
                boolean requested = i % 10 == 0;
                Instant dueAt = requested ? now.plus(Duration.ofHours(1 + i % 69))
                        : now.plus(Duration.ofDays(1 + i % 670));
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "profileId", AttributeValue.fromS(id),
                        "version", AttributeValue.fromN("3"),
                        "retentionQueue", AttributeValue.fromS(requested ? "erase" : "warn"),
                        "retentionRule", AttributeValue.fromS(rule(requested)),
                        "retentionDueAt", AttributeValue.fromN(Long.toString(dueAt.getEpochSecond()))))
                        .build()).build());
            }
            batches(writes);
        }

        private static String rule(boolean requested) {
            return requested ? "requested" : "inactivity-warning";
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
                    List.of(new MarketingConsent(false, "2024-06-01", since)), since, since, verifiedAt, expiresAt,
                    null, null, request, holds, List.of(), since, inactivityErasureAt, 1);
        }

        private String store(Profile profile, TransactWriteItem... with) {
            assertThat(profiles.createPending(profile, Writes.of(with))).isTrue();
            return profile.profileId();
        }
    }
}
