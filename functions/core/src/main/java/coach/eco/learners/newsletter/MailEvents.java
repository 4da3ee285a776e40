package coach.eco.learners.newsletter;

import coach.eco.learners.config.LearnerConfiguration;
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
import java.util.Set;

/** What SES reports back about sent mail: a permanent bounce or a complaint suppresses the address. */
@Singleton
public class MailEvents {
    private static final Logger LOG = LoggerFactory.getLogger(MailEvents.class);
    private static final String SES = "aws.ses";
    private static final Set<String> REPORTS = Set.of("Email Bounced", "Email Complaint Received");

    private final EmailLookupKeys emailKeys;
    private final ProfileStore profiles;
    private final Suppressions suppressions;
    private final String configurationSet;
    private final Clock clock;

    public MailEvents(EmailLookupKeys emailKeys, ProfileStore profiles, Suppressions suppressions,
                      LearnerConfiguration config, Clock clock) {
        this.emailKeys = emailKeys;
        this.profiles = profiles;
        this.suppressions = suppressions;
        this.configurationSet = config.getMailConfigurationSet();
        this.clock = clock;
    }

    /**
     * Whether an event is SES's report on mail this service sent: from SES, a bounce or a complaint, under
     * this service's configuration set. Another application's mail in the same account (its own
     * configuration set), or an event put on the bus or handed to the function by anyone else, suppresses
     * nobody: a suppression stops a learner's legal notices.
     */
    public boolean isReportOnOurMail(String source, String detailType, List<String> configurationSets) {
        boolean ours = SES.equals(source) && REPORTS.contains(detailType) && configurationSets.contains(configurationSet);
        if (!ours) {
            LOG.warn("mail event ignored source={} detailType={} ourConfigurationSet={}", source, detailType,
                    configurationSets.contains(configurationSet));
        }
        return ours;
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
