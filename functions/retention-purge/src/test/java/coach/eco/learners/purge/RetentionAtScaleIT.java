package coach.eco.learners.purge;

import coach.eco.learners.profile.ProfileItems;
import coach.eco.learners.testing.AuditTrail;
import coach.eco.learners.testing.DynamoDbTap;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.RetentionPopulation;
import coach.eco.learners.testing.Tier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention over a population (2,000 profiles in the everyday tier, 20,000 in the full one): due for
 * erasure under every rule, due a warning, held, damaged, and the rest not due. The purge reads only
 * what is due: with far more profiles not due than due, reading the whole table would break the
 * bound on items read. Its throughput is a figure of {@code infra/benchmark.sh RetentionScaleBenchmark}.
 */
@ExtendWith(LocalAwsExtension.class)
@EnabledIfSystemProperty(named = "retention.at-scale", matches = "true",
        disabledReason = "runs in the at-scale execution, with an emulator of its own (see pom.xml)")
@Tag(Tier.TAG)
class RetentionAtScaleIT {
    private static RetentionFunctions functions;
    private static DynamoDbClient plainDynamoDb;
    private static String profilesTable;
    private static String lookupTable;
    private static RetentionPopulation population;

    @BeforeAll
    static void population() {
        // The emulator reads every item of a table for each query: seconds, not milliseconds, at 20,000.
        functions = new RetentionFunctions(Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT60S"));
        plainDynamoDb = functions.plainDynamoDb;
        profilesTable = LocalAwsExtension.aws().physicalId("ProfilesTable");
        lookupTable = LocalAwsExtension.aws().physicalId("LookupTable");
        population = RetentionPopulation.write(functions.services, plainDynamoDb, profilesTable,
                functions.clock.instant().truncatedTo(ChronoUnit.SECONDS),
                Tier.pick(RetentionPopulation.Sizes.EVERYDAY, RetentionPopulation.Sizes.FULL));
    }

    @AfterAll
    static void removeWhatIsLeft() {
        ProfileItems.deleteAll(plainDynamoDb, profilesTable, population.left());
        functions.close();
    }

    @Test
    void purgeAndWarnings_eraseExactlyWhatIsDue_warnOnce_reportDamagedItems_andReadOnlyWhatIsDue() {
        long profilesBefore = countProfiles();
        Set<String> warningDue = population.warningDue();
        List<String> held = population.held();
        List<String> damaged = population.damaged();

        RetentionPurge.Report dryRun = functions.dryRun();

        Map<String, Integer> dueByRule = new HashMap<>();
        population.dueByRule().forEach((rule, ids) -> dueByRule.put(rule, ids.size()));
        Map<String, Integer> expectedDryRun = new HashMap<>(dueByRule);
        expectedDryRun.put("inactivity-warning", warningDue.size());
        assertThat(dryRun.dryRun()).isTrue();
        assertThat(dryRun.byRule()).isEqualTo(expectedDryRun);
        assertThat(dryRun.held()).isEqualTo(held.size());
        assertThat(dryRun.failed()).containsExactlyInAnyOrderElementsOf(damaged);
        assertThat(countProfiles()).as("a dry run erases nothing").isEqualTo(profilesBefore);
        assertThat(warningDue).as("and warns nobody")
                .allSatisfy(id -> assertThat(AuditTrail.eventsOf(plainDynamoDb, id)).doesNotContain("INACTIVITY_WARNED"));

        DynamoDbTap.resetItemsRead();
        RetentionPurge.Report run = functions.purgeRun();
        long itemsRead = DynamoDbTap.itemsRead();

        assertThat(run.byRule()).isEqualTo(dueByRule);
        assertThat(run.held()).isEqualTo(held.size());
        assertThat(run.failed()).as("damaged items, reported by id").containsExactlyInAnyOrderElementsOf(damaged);
        assertThat(run.finished()).isTrue();
        assertThat(itemsRead).as("items read: at most 3 per due profile, plus the held and damaged ones")
                .isLessThanOrEqualTo(3L * population.dueCount() + held.size() + damaged.size());

        Set<String> profilesLeft = profileIds();
        Set<String> lookupsLeft = lookupProfileIds();
        assertThat(population.due()).as("erased, profile and lookup items").noneMatch(profilesLeft::contains)
                .noneMatch(lookupsLeft::contains);
        population.dueByRule().forEach((rule, ids) -> {
            List<Map<String, AttributeValue>> records = AuditTrail.recordsOf(plainDynamoDb, ids.get(0));
            assertThat(records.get(records.size() - 1).toString()).as("erasure record of %s", ids.get(0))
                    .contains("PROFILE_ERASED", rule);
        });
        assertThat(profilesLeft).containsAll(held).containsAll(damaged).containsAll(warningDue);
        assertThat(profilesLeft).as("not due, not touched").containsAll(population.notDue());
        assertThat(profilesBefore - countProfiles()).isEqualTo(population.dueCount());

        RetentionPurge.Report warned = functions.warningsRun();
        RetentionPurge.Report warnedAgain = functions.warningsRun();

        assertThat(warned.byRule()).isEqualTo(Map.of("inactivity-warning", warningDue.size()));
        assertThat(warned.failed()).isEmpty();
        assertThat(warnedAgain.byRule()).as("a second run sends none").isEmpty();
        // Recorded once SES took the mail.
        assertThat(warningDue).allSatisfy(id -> assertThat(AuditTrail.eventsOf(plainDynamoDb, id))
                .as("one warning each").containsOnlyOnce("INACTIVITY_WARNED"));

        RetentionPurge.Report second = functions.purgeRun();
        RetentionPurge.Report third = functions.purgeRun();
        RetentionPurge.Report fourth = functions.purgeRun();

        assertThat(second.byRule()).isEmpty();
        assertThat(second.failed()).containsExactlyInAnyOrderElementsOf(damaged);
        assertThat(second.parked()).isEmpty();
        assertThat(third.failed()).as("failed a third time, and parked").containsExactlyInAnyOrderElementsOf(damaged);
        assertThat(third.parked()).containsExactlyInAnyOrderElementsOf(damaged);
        assertThat(fourth.failed()).as("parked: no longer tried").isEmpty();
        assertThat(fourth.parked()).containsExactlyInAnyOrderElementsOf(damaged);
        assertThat(fourth.held()).isEqualTo(held.size());
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
}
