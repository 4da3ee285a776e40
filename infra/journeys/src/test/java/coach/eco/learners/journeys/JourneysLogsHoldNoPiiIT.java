package coach.eco.learners.journeys;

import coach.eco.learners.testing.LogsHoldNoPii;
import coach.eco.learners.testing.Tier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Runs last in this module; JUnit does not inherit the order from the base class (the full tier runs it too).
 */
@Order(Integer.MAX_VALUE)
@Tag(Tier.TAG)
class JourneysLogsHoldNoPiiIT extends LogsHoldNoPii {
}
