package coach.eco.learners.newsletter;

import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.mail.Suppressions;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.EmailLookup;
import coach.eco.learners.refusal.FieldValidation;
import coach.eco.learners.profile.ProfileStore;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/** What SES reports back about sent mail: a permanent bounce or a complaint suppresses the address. */
@Singleton
public class MailEvents {
    private static final Logger LOG = LoggerFactory.getLogger(MailEvents.class);

    private final EmailLookupKeys emailKeys;
    private final ProfileStore profiles;
    private final Suppressions suppressions;
    private final Clock clock;

    public MailEvents(EmailLookupKeys emailKeys, ProfileStore profiles, Suppressions suppressions, Clock clock) {
        this.emailKeys = emailKeys;
        this.profiles = profiles;
        this.suppressions = suppressions;
        this.clock = clock;
    }

    /** Suppresses each address; returns how many were. Addresses that are not addresses are skipped. */
    public int suppress(List<String> addresses, String reason) {
        int suppressed = 0;
        for (String raw : addresses) {
            EmailAddress address;
            try {
                address = EmailAddress.parse(raw);
            } catch (FieldValidation notAnAddress) {
                continue;
            }
            String key = emailKeys.lookupKeyOf(address);
            String owner = profiles.findOwner(key, clock.instant()).map(EmailLookup::profileId).orElse(null);
            suppressions.suppress(key, owner, reason);
            LOG.info("address suppressed profileId={} reason={}", owner, reason);
            suppressed++;
        }
        return suppressed;
    }
}
