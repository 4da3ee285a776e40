package coach.eco.learners.deletion;

import coach.eco.learners.profile.DeletionKind;
import coach.eco.learners.token.TokenGrant;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Deletion links and acknowledgements already in the lookup table keep working: their bindings read as written. */
class DeletionLinkBindingsTest {

    @Test
    void confirmationLink_isBoundToTheKindsName_asStoredBefore() {
        assertThat(DeletionConfirmationMail.ASKED_KIND.stored(DeletionKind.DEACTIVATE)).isEqualTo("DEACTIVATE");
        assertThat(new TokenGrant("profile-1", "DELETE").boundTo(DeletionConfirmationMail.ASKED_KIND))
                .isEqualTo(DeletionKind.DELETE);
    }

    @Test
    void cancelLinkAndAcknowledgement_areBoundToTheRequestsInstant_inIsoText() {
        Instant requestedAt = Instant.parse("2026-11-25T03:00:00Z");

        assertThat(DeletionAcknowledgement.REQUEST_MADE_AT.stored(requestedAt)).isEqualTo("2026-11-25T03:00:00Z");
        assertThat(new TokenGrant("profile-1", "2026-11-25T03:00:00Z").boundTo(DeletionAcknowledgement.REQUEST_MADE_AT))
                .isEqualTo(requestedAt);
    }

    @Test
    void aTokenBoundToNothing_readsAsNothing() {
        assertThat(new TokenGrant("profile-1", null).boundTo(DeletionAcknowledgement.REQUEST_MADE_AT)).isNull();
    }
}
