package coach.eco.learners.journeys;

import coach.eco.learners.testing.AwsCallsWithinGrants;
import coach.eco.learners.testing.Tier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;

/**
 * Runs after the other test classes of this module; JUnit does not inherit the order from the base class (the full tier runs it too).
 */
@Order(Integer.MAX_VALUE - 1)
@Tag(Tier.TAG)
class JourneysAwsCallsWithinGrantsIT extends AwsCallsWithinGrants {
}
