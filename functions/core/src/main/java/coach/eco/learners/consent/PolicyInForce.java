package coach.eco.learners.consent;

import java.util.Optional;

/** The privacy policy version in force, recorded with every consent: the latest one staff published. */
public interface PolicyInForce {
    /** Empty until the first version is published. */
    Optional<String> versionId();
}
