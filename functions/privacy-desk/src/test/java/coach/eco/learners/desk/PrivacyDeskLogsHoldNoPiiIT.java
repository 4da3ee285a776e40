package coach.eco.learners.desk;

import coach.eco.learners.testing.LogsHoldNoPii;
import org.junit.jupiter.api.Order;

/** Runs last in this module; JUnit does not inherit the order from the base class. */
@Order(Integer.MAX_VALUE)
class PrivacyDeskLogsHoldNoPiiIT extends LogsHoldNoPii {
}
