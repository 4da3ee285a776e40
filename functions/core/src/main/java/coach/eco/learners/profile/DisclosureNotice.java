package coach.eco.learners.profile;

import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;
import java.util.List;

/**
 * A disclosure of the learner's data to an authority, as the learner's own copy lists it (policy, section
 * IV): when, to whom, on what legal basis, and which kinds of data. The authority's case reference stays
 * in the register.
 */
@Serdeable
public record DisclosureNotice(String disclosureId, LocalDate disclosedOn, String authority, String legalBasis,
                               List<String> categories) {
}
