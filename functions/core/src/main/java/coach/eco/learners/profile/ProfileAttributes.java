package coach.eco.learners.profile;

import coach.eco.learners.consent.MarketingConsent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.CryptoAction;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** How a profile is laid out as a DynamoDB item, and which attributes are encrypted. */
public final class ProfileAttributes {
    public static final String PROFILE_ID = "profileId";
    static final String FULL_NAME = "fullName";
    static final String PHONE = "phone";
    static final String EMAIL = "email";
    static final String EMAIL_LOOKUP_KEY = "emailLookupKey";
    static final String STATUS = "status";
    static final String CONSENT_HISTORY = "consentHistory";
    static final String PENDING_EMAIL = "pendingEmail";
    static final String PENDING_EMAIL_LOOKUP_KEY = "pendingEmailLookupKey";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String VERIFIED_AT = "verifiedAt";
    public static final String EXPIRES_AT = "expiresAt";
    public static final String VERSION = "version";

    /** The PII is encrypted and signed; everything else is signed, so no attribute can be swapped. */
    public static final Map<String, CryptoAction> CRYPTO_ACTIONS = Map.ofEntries(
            Map.entry(PROFILE_ID, CryptoAction.SIGN_ONLY),
            Map.entry(FULL_NAME, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(PHONE, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(EMAIL, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(EMAIL_LOOKUP_KEY, CryptoAction.SIGN_ONLY),
            Map.entry(STATUS, CryptoAction.SIGN_ONLY),
            Map.entry(CONSENT_HISTORY, CryptoAction.SIGN_ONLY),
            Map.entry(PENDING_EMAIL, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(PENDING_EMAIL_LOOKUP_KEY, CryptoAction.SIGN_ONLY),
            Map.entry(CREATED_AT, CryptoAction.SIGN_ONLY),
            Map.entry(UPDATED_AT, CryptoAction.SIGN_ONLY),
            Map.entry(VERIFIED_AT, CryptoAction.SIGN_ONLY),
            Map.entry(EXPIRES_AT, CryptoAction.SIGN_ONLY),
            Map.entry(VERSION, CryptoAction.SIGN_ONLY));

    private ProfileAttributes() {
    }

    static Map<String, AttributeValue> toItem(Profile profile) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PROFILE_ID, s(profile.profileId()));
        item.put(FULL_NAME, s(profile.fullName().value()));
        item.put(PHONE, s(profile.phone().e164()));
        item.put(EMAIL, s(profile.email().value()));
        item.put(EMAIL_LOOKUP_KEY, s(profile.emailLookupKey()));
        item.put(STATUS, s(profile.status().name()));
        item.put(CONSENT_HISTORY, AttributeValue.fromL(profile.consentHistory().stream()
                .map(consent -> AttributeValue.fromM(Map.of(
                        "granted", AttributeValue.fromBool(consent.granted()),
                        "policyVersion", s(consent.policyVersion()),
                        "recordedAt", s(consent.recordedAt().toString()))))
                .toList()));
        if (profile.pendingEmail() != null) {
            item.put(PENDING_EMAIL, s(profile.pendingEmail().value()));
            item.put(PENDING_EMAIL_LOOKUP_KEY, s(profile.pendingEmailLookupKey()));
        }
        item.put(CREATED_AT, s(profile.createdAt().toString()));
        item.put(UPDATED_AT, s(profile.updatedAt().toString()));
        if (profile.verifiedAt() != null) {
            item.put(VERIFIED_AT, s(profile.verifiedAt().toString()));
        }
        if (profile.expiresAt() != null) {
            item.put(EXPIRES_AT, epochSeconds(profile.expiresAt()));
        }
        item.put(VERSION, AttributeValue.fromN(Long.toString(profile.version())));
        return item;
    }

    static Profile fromItem(Map<String, AttributeValue> item) {
        return new Profile(
                item.get(PROFILE_ID).s(),
                new FullName(item.get(FULL_NAME).s()),
                new PhoneNumber(item.get(PHONE).s()),
                new EmailAddress(item.get(EMAIL).s()),
                item.get(EMAIL_LOOKUP_KEY).s(),
                ProfileStatus.valueOf(item.get(STATUS).s()),
                item.get(CONSENT_HISTORY).l().stream().map(AttributeValue::m)
                        .map(consent -> new MarketingConsent(consent.get("granted").bool(),
                                consent.get("policyVersion").s(), Instant.parse(consent.get("recordedAt").s())))
                        .toList(),
                Instant.parse(item.get(CREATED_AT).s()),
                Instant.parse(item.get(UPDATED_AT).s()),
                item.containsKey(VERIFIED_AT) ? Instant.parse(item.get(VERIFIED_AT).s()) : null,
                item.containsKey(EXPIRES_AT) ? Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n())) : null,
                item.containsKey(PENDING_EMAIL) ? new EmailAddress(item.get(PENDING_EMAIL).s()) : null,
                item.containsKey(PENDING_EMAIL_LOOKUP_KEY) ? item.get(PENDING_EMAIL_LOOKUP_KEY).s() : null,
                Long.parseLong(item.get(VERSION).n()));
    }

    public static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** DynamoDB TTL reads a number of seconds since the epoch. */
    public static AttributeValue epochSeconds(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }
}
