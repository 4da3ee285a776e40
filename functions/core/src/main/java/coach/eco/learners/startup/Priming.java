package coach.eco.learners.startup;

import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.profile.EncryptionPriming;
import coach.eco.learners.mail.Mailer;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.token.OneTimeToken;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs a function's hot path once before its first request, without side effects: a KMS MAC of a
 * sample address (the SDK's first-call set-up: credentials, endpoint rules, signing, the HTTP
 * connection), a sample profile item encrypted and decrypted in memory, every email rendered and none
 * sent. With SnapStart this runs in Lambda's checkpoint hook, so the snapshot holds it done; without,
 * at the end of init. Nothing secret or per-request is kept: the MAC's input is a sample, the
 * encryption key a throwaway one, and after a restore the token generator is seeded anew.
 */
@Singleton
public class Priming {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** Set by Lambda in a function whose published versions start from a SnapStart snapshot. */
    static final String SNAP_START = "snap-start";
    /** The address priming MACs and mails are rendered for: a reserved example domain, never sent to. */
    public static final String SAMPLE_ADDRESS = "priming@example.com";

    private final EmailLookupKeys emailKeys;
    private final Mailer mailer;
    /** Kept here: the CRaC core holds its resources only weakly. */
    Resource checkpointHook;

    public Priming(EmailLookupKeys emailKeys, Mailer mailer) {
        this.emailKeys = emailKeys;
        this.mailer = mailer;
    }

    /** At the end of a function's init: primes before the snapshot where there is one, else now. */
    public void afterInit(Runnable functionPriming) {
        afterInit(functionPriming, SNAP_START.equals(System.getenv("AWS_LAMBDA_INITIALIZATION_TYPE")));
    }

    void afterInit(Runnable functionPriming, boolean snapStart) {
        if (snapStart) {
            checkpointHook = new Resource() {
                @Override
                public void beforeCheckpoint(Context<? extends Resource> context) {
                    prime(functionPriming);
                }

                @Override
                public void afterRestore(Context<? extends Resource> context) {
                    OneTimeToken.reseedAfterRestore();
                }
            };
            Core.getGlobalContext().register(checkpointHook);
        } else {
            prime(functionPriming);
        }
    }

    /** The hot path, then the function's own (its routes' sample requests). */
    public void prime(Runnable functionPriming) {
        EmailAddress sample = EmailAddress.parse(SAMPLE_ADDRESS);
        try {
            emailKeys.lookupKeyOf(sample);
        } catch (SdkException e) {
            // Priming must not fail a start that would serve requests: the first request pays instead.
            LOG.warn("priming: KMS MAC failed error={}", e.getClass().getName());
        }
        EncryptionPriming.encryptAndDecryptSample();
        mailer.prime(sample);
        functionPriming.run();
    }
}
