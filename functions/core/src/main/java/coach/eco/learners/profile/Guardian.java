package coach.eco.learners.profile;

import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.time.VietnamTime;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The parent or guardian of a learner under 16, as the signup form gave them, and the two confirmations
 * a minor's signup waits for: the guardian's consent, and the learner's own confirmation of their address
 * when old enough to give it. Only the year of birth is kept of the learner's age: enough to know when
 * the learner comes of age. Encrypted with the profile, but for {@code lookupKey}, the guardian's address as
 * an email lookup key (an HMAC, like the learner's own): the ByGuardian index finds the learners a guardian
 * acts for by it, and it holds no address. When the learner comes of age they are mailed to take over
 * ({@code comingOfAgeMailedAt}; from then on the index no longer holds them, and {@code lookupKey} is null), and
 * their own answer to every purpose, given signed in, ends the guardian's part ({@code learnerTookOverAt}).
 */
public record Guardian(int birthYear, EmailAddress email, @Nullable String lookupKey, @Nullable Instant consentedAt,
                       @Nullable Instant learnerConfirmedAt, @Nullable Instant comingOfAgeMailedAt,
                       @Nullable Instant learnerTookOverAt) {
    /** The age from which a learner consents for themselves (Law on Children: under 16 is a child). */
    public static final int ADULT_AGE = 16;
    /** The age from which a child's own consent is needed beside the guardian's (Decree 13 Art. 20). */
    public static final int OWN_CONSENT_AGE = 7;

    /** A guardian of a learner who has not come of age: neither mailed to take over nor taken over. */
    public Guardian(int birthYear, EmailAddress email, String lookupKey, @Nullable Instant consentedAt,
                    @Nullable Instant learnerConfirmedAt) {
        this(birthYear, email, lookupKey, consentedAt, learnerConfirmedAt, null, null);
    }

    /** A guardian named at signup: nobody has confirmed anything yet. */
    public static Guardian named(int birthYear, EmailAddress email, String lookupKey) {
        return new Guardian(birthYear, email, lookupKey, null, null);
    }

    /** The age the learner reaches in {@code year}: only the year of birth is known. */
    public static int ageIn(int birthYear, int year) {
        return year - birthYear;
    }

    /**
     * Whether the learner is still a child in {@code year}: under 16 until the first day of the year after the
     * one in which they turn 16, as only the year of birth is known.
     */
    public static boolean isMinorIn(int birthYear, int year) {
        return ageIn(birthYear, year) <= ADULT_AGE;
    }

    /**
     * Whether the guardian acts for the learner in {@code year}: they consented, and the learner is still a
     * child. From the first day of the year the learner comes of age, the guardian's access ends.
     */
    public boolean actsIn(int year) {
        return consentedAt != null && isMinorIn(birthYear, year);
    }

    /**
     * The instant the learner comes of age and the guardian's access ends: the first day, in Vietnam's time, of
     * the first year in which the guardian no longer acts ({@link #actsIn}).
     */
    public Instant comesOfAgeAt() {
        return LocalDate.of(birthYear + ADULT_AGE + 1, 1, 1).atStartOfDay(VietnamTime.ZONE).toInstant();
    }

    /** Whether the learner's own confirmation is needed beside the guardian's: 7 or older this year. */
    public boolean learnerMustConfirm(int year) {
        return ageIn(birthYear, year) >= OWN_CONSENT_AGE;
    }

    /** Whether every confirmation the signup needs in {@code year} is in. */
    public boolean confirmationsComplete(int year) {
        return consentedAt != null && (learnerConfirmedAt != null || !learnerMustConfirm(year));
    }

    /**
     * Whether the learner, whose guardian consented for them, is no longer a child in {@code year}: from the first
     * day of the year after the one they turn 16 in (Vietnam time), they consent for themselves.
     */
    public boolean cameOfAgeIn(int year) {
        return consentedAt != null && !isMinorIn(birthYear, year);
    }

    /** Whether the learner came of age by {@code year} and is still to be mailed to take over. */
    public boolean takeOverMailDueIn(int year) {
        return cameOfAgeIn(year) && comingOfAgeMailedAt == null;
    }

    /**
     * Whether the learner, come of age by {@code year}, is still to give their own answers: until then what the
     * guardian consented to stands, and nothing new is consented for them.
     */
    public boolean ownConsentAskedIn(int year) {
        return cameOfAgeIn(year) && learnerTookOverAt == null;
    }

    Guardian withConsent(Instant at) {
        return new Guardian(birthYear, email, lookupKey, at, learnerConfirmedAt, comingOfAgeMailedAt,
                learnerTookOverAt);
    }

    Guardian withLearnerConfirmed(Instant at) {
        return new Guardian(birthYear, email, lookupKey, consentedAt, at, comingOfAgeMailedAt, learnerTookOverAt);
    }

    /** Mailed to take over: the guardian's address no longer finds the learner (the ByGuardian index drops them). */
    Guardian withComingOfAgeMailed(Instant at) {
        return new Guardian(birthYear, email, null, consentedAt, learnerConfirmedAt, at, learnerTookOverAt);
    }

    /** The learner's own answers are in: the guardian's consents no longer count, nor does the index hold them. */
    Guardian withLearnerTookOver(Instant at) {
        return new Guardian(birthYear, email, null, consentedAt, learnerConfirmedAt, comingOfAgeMailedAt, at);
    }
}
