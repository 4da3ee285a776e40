package coach.eco.learners.account;

import coach.eco.learners.testing.LogsHoldNoPii;
import org.junit.jupiter.api.Order;

/** Runs last in this module; JUnit does not inherit the order from the base class. */
@Order(Integer.MAX_VALUE)
class UpdateLogsHoldNoPiiIT extends LogsHoldNoPii {
}
