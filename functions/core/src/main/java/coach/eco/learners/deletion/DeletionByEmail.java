package coach.eco.learners.deletion;

import coach.eco.learners.aws.Transactions;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.profile.Profile;
import coach.eco.learners.profile.ProfileStore;
import coach.eco.learners.publiclink.LinkRecipients;
import coach.eco.learners.refusal.Refusal;
import coach.eco.learners.token.OneTimeToken;
import coach.eco.learners.token.TokenGrant;
import coach.eco.learners.token.TokenPurpose;
import coach.eco.learners.token.TokenStore;
import jakarta.inject.Singleton;

import java.util.function.Supplier;

/**
 * The public deletion form: a known, confirmed learner's email gets a link that confirms the
 * request, anyone else gets nothing; the link, once used, puts the request in force.
 */
@Singleton
public class DeletionByEmail {
    private final LinkRecipients recipients;
    private final DeletionConfirmationMail confirmationMail;
    private final TokenStore tokens;
    private final ProfileStore profiles;
    private final DeletionInForce inForce;
    private final Transactions transactions;

    public DeletionByEmail(LinkRecipients recipients, DeletionConfirmationMail confirmationMail, TokenStore tokens,
                           ProfileStore profiles, DeletionInForce inForce, Transactions transactions) {
        this.recipients = recipients;
        this.confirmationMail = confirmationMail;
        this.tokens = tokens;
        this.profiles = profiles;
        this.inForce = inForce;
        this.transactions = transactions;
    }

    /**
     * A known, confirmed learner gets a link confirming the request; anyone else gets nothing. The
     * caller cannot tell which: same answer, same minimum time.
     */
    public void request(EmailAddress email, DeletionKind kind) {
        recipients.sendIfDue(TokenPurpose.CONFIRM_DELETION, email,
                profileId -> confirmationMail.send(email, kind, profileId));
    }

    /** Puts in force the request behind a confirmation link. */
    public DeletionInForce.Outcome confirm(String rawToken) {
        OneTimeToken token = OneTimeToken.parseOr(rawToken, Refusal.INVALID_LINK::refused);
        TokenGrant grant = tokens.find(TokenPurpose.CONFIRM_DELETION, token).orElseThrow(Refusal.INVALID_LINK::refused);
        Supplier<Profile> profile = () -> profiles.find(grant.profileId()).filter(Profile::isConfirmed)
                .orElseThrow(Refusal.INVALID_LINK::refused);
        DeletionInForce.Outcome outcome = inForce.takeEffect(profile, grant.boundTo(DeletionConfirmationMail.ASKED_KIND),
                () -> Writes.of(tokens.consume(TokenPurpose.CONFIRM_DELETION, token, grant.profileId())));
        // A request already in force still uses the link up: of two clicks at once, the second is refused.
        if (!outcome.created() && !transactions.write(
                Writes.of(tokens.consume(TokenPurpose.CONFIRM_DELETION, token, grant.profileId())))) {
            throw Refusal.INVALID_LINK.refused();
        }
        return outcome;
    }
}
