package coach.eco.learners.local;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.staff.StaffFunction;
import coach.eco.learners.testing.ApiEvents;
import coach.eco.learners.testing.DynamoDbTap;
import coach.eco.learners.testing.Json;
import coach.eco.learners.testing.KmsCalls;
import coach.eco.learners.testing.Population;
import coach.eco.learners.testing.Population.Standing;
import coach.eco.learners.testing.TestStaff;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.context.ApplicationContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints what the staff list of the learners who said yes to advice by phone costs a page: items read
 * (as DynamoDB bills them: the scan's items before its filter, and the profiles read in batches), KMS
 * calls and time, the first page (a cold function) apart. {@code -Dlearners} in all (2,000 by default):
 * one in ten said yes, one in ten no, five in a hundred yes and then asked for deletion, the rest never
 * answered; pages of {@code -Dlimit} (50). Starts an emulator of its own, which stops with it (the counts
 * must see no other items); it refuses to run while one runs in this work tree: {@code infra/local-aws.sh
 * stop} first. Run with infra/benchmark.sh ConsentingLearnersBenchmark [-Dlearners=2000 -Dlimit=50]; it is
 * a program, not a test: it asserts nothing.
 */
public final class ConsentingLearnersBenchmark {
    private static final int LEARNERS = Integer.getInteger("learners", 2_000);
    private static final int LIMIT = Integer.getInteger("limit", 50);
    private static final String ROUTE = "/v1/admin/consent-purposes/{purposeId}/consenting-learners";
    /** Writing the learners is set-up: no call timeout a loaded emulator could reach. */
    private static final Map<String, String> UNHURRIED = Map.of("LEARNER_AWS_CALL_TIMEOUT", "PT60S");

    private record Page(int listed, long itemsRead, int kmsCalls, double millis, String nextCursor) {
    }

    public static void main(String[] args) {
        double loadBefore = RetentionScaleBenchmark.loadAverage();
        SamTemplate template = SamTemplate.locate();
        try (LocalAws aws = LocalAws.startOwn(template, Map.of("StaffRoleArns", TestStaff.ROLE));
             ApplicationContext setUp = aws.applicationContextOf(template.function("StaffFunction"), UNHURRIED);
             StaffFunction staff = new StaffFunction(aws.applicationContextOf(template.function("StaffFunction")))) {
            List<Standing> standings = new ArrayList<>();
            for (int n = 0; n < LEARNERS; n++) {
                int kind = n % 20;
                standings.add(kind < 2 ? Standing.active(true) : kind < 4 ? Standing.active(false)
                        : kind == 4 ? Standing.beingDeleted(true) : Standing.active());
            }
            long writeStart = System.nanoTime();
            Population.answering(setUp, ConsentPurpose.PHONE_ADVICE, standings);
            double writeSeconds = (System.nanoTime() - writeStart) / 1e9;

            List<Page> pages = new ArrayList<>();
            String cursor = null;
            do {
                Page page = page(staff, cursor);
                pages.add(page);
                cursor = page.nextCursor();
            } while (cursor != null);

            Page first = pages.get(0);
            List<Page> warm = pages.subList(1, pages.size());
            System.out.printf("consenting learners list (local emulator, %s)%n", Runtime.version());
            System.out.printf("  learners written: %,d in %.1f s (%,d said yes and are active)%n", LEARNERS,
                    writeSeconds, standings.stream().filter(standing -> standing.equals(Standing.active(true))).count());
            System.out.printf("  %d pages of at most %d: %,d listed%n", pages.size(), LIMIT,
                    pages.stream().mapToInt(Page::listed).sum());
            System.out.printf("  first page (cold): %d listed, %,d items read, %d KMS calls, %.0f ms%n", first.listed(),
                    first.itemsRead(), first.kmsCalls(), first.millis());
            System.out.printf("  later pages: %.1f items read, %.2f KMS calls, %.0f ms a page on average%n",
                    warm.stream().mapToLong(Page::itemsRead).average().orElse(0),
                    warm.stream().mapToInt(Page::kmsCalls).average().orElse(0),
                    warm.stream().mapToDouble(Page::millis).average().orElse(0));
            System.out.printf("  the whole list: %,d items read, %d KMS calls%n",
                    pages.stream().mapToLong(Page::itemsRead).sum(), pages.stream().mapToInt(Page::kmsCalls).sum());
            System.out.printf("  load average (1 min): %.1f at the start, %.1f at the end%n", loadBefore,
                    RetentionScaleBenchmark.loadAverage());
            System.out.printf("  command: infra/benchmark.sh ConsentingLearnersBenchmark -Dlearners=%d -Dlimit=%d%n",
                    LEARNERS, LIMIT);
        }
    }

    private static Page page(StaffFunction staff, String cursor) {
        APIGatewayV2HTTPEvent event = ApiEvents.iamRequest("GET", ROUTE,
                new HashMap<>(Map.of("purposeId", ConsentPurpose.PHONE_ADVICE)), TestStaff.SESSION, null);
        ApiEvents.withQuery(event, cursor == null ? Map.of("limit", String.valueOf(LIMIT))
                : Map.of("limit", String.valueOf(LIMIT), "cursor", cursor));
        DynamoDbTap.resetItemsRead();
        int kmsBefore = KmsCalls.count();
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = staff.handleRequest(event, null);
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("the list answered " + response.getStatusCode());
        }
        Map<?, ?> body = Json.read(response.getBody(), Map.class);
        return new Page(((List<?>) body.get("learners")).size(), DynamoDbTap.itemsRead(), KmsCalls.count() - kmsBefore,
                millis, (String) body.get("nextCursor"));
    }
}
