package coach.eco.learners.desk;

import coach.eco.learners.testing.AwsCallsWithinGrants;
import org.junit.jupiter.api.Order;

/** Runs after the other test classes of this module; JUnit does not inherit the order from the base class. */
@Order(Integer.MAX_VALUE - 1)
class PrivacyDeskAwsCallsWithinGrantsIT extends AwsCallsWithinGrants {
}
