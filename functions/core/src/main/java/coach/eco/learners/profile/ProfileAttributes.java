package coach.eco.learners.profile;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PolicyAnswer;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.mail.EmailAddress;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cryptography.dbencryptionsdk.structuredencryption.model.CryptoAction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static coach.eco.learners.aws.Items.EXPIRES_AT;
import static coach.eco.learners.aws.Items.epochSeconds;
import static coach.eco.learners.aws.Items.instant;
import static coach.eco.learners.aws.Items.s;

/** How a profile is laid out as a DynamoDB item, and which attributes are encrypted. */
final class ProfileAttributes {
    static final String PROFILE_ID = "profileId";
    static final String FULL_NAME = "fullName";
    static final String PHONE = "phone";
    static final String EMAIL = "email";
    static final String EMAIL_LOOKUP_KEY = "emailLookupKey";
    static final String STATUS = "status";
    /**
     * The newsletter answers as profiles stored them before consent was asked per purpose (signed,
     * not encrypted): read when {@link #CONSENTS} is absent, never written again.
     */
    static final String CONSENT_HISTORY = "consentHistory";
    /** Every answer to every consent purpose, with its evidence: encrypted, as what a learner agreed to is theirs. */
    static final String CONSENTS = "consents";
    static final String PENDING_EMAIL = "pendingEmail";
    static final String PENDING_EMAIL_LOOKUP_KEY = "pendingEmailLookupKey";
    static final String CREATED_AT = "createdAt";
    static final String UPDATED_AT = "updatedAt";
    static final String VERIFIED_AT = "verifiedAt";
    static final String VERSION = "version";
    static final String DELETION_REQUEST = "deletionRequest";
    /**
     * The keys of the RetentionDue index: the queue of the profile's next retention event (see
     * RetentionRule) and when it is due, in epoch seconds. The purge and the warnings read what is
     * due now, oldest first, without reading every profile and, for the purge, without decrypting.
     */
    static final String RETENTION_QUEUE = "retentionQueue";
    static final String RETENTION_DUE_AT = "retentionDueAt";
    static final String RETENTION_RULE = "retentionRule";
    /** Epoch seconds of the learner's last activity, and of the erasure date a warning gave. */
    static final String LAST_ACTIVE_AT = "lastActiveAt";
    static final String INACTIVITY_ERASURE_AT = "inactivityErasureAt";
    /** How many times retention failed on this profile in a row; cleared by any change. */
    static final String RETENTION_FAILURES = "retentionFailures";
    /**
     * Retention bookkeeping, written with plain updates (a sign-in or a warning moves it without
     * re-encrypting the item), so outside the signature. None of it is PII; see docs/security.md.
     */
    static final List<String> UNSIGNED = List.of(RETENTION_QUEUE, RETENTION_DUE_AT, RETENTION_RULE,
            LAST_ACTIVE_AT, INACTIVITY_ERASURE_AT, RETENTION_FAILURES);
    static final String LEGAL_HOLDS = "legalHolds";
    /** Set while a legal hold is active, in plain text, so that the erasure's condition can see it. */
    static final String LEGAL_HOLD_SINCE = "legalHoldSince";
    /** The consent ledger: answers to policy versions, signed so that none can be altered unseen. */
    static final String POLICY_ANSWERS = "policyAnswers";
    /** A minor's guardian, year of birth and confirmations: encrypted, as the guardian's address and the age are PII. */
    static final String GUARDIAN = "guardian";
    /** The guardian's address as an email lookup key (an HMAC): the ByGuardian index's key, signed. */
    static final String GUARDIAN_LOOKUP_KEY = "guardianLookupKey";

    /** The PII is encrypted and signed; everything else is signed, so no attribute can be swapped. */
    static final Map<String, CryptoAction> CRYPTO_ACTIONS = withUnsigned(
            Map.entry(PROFILE_ID, CryptoAction.SIGN_ONLY),
            Map.entry(FULL_NAME, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(PHONE, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(EMAIL, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(EMAIL_LOOKUP_KEY, CryptoAction.SIGN_ONLY),
            Map.entry(STATUS, CryptoAction.SIGN_ONLY),
            Map.entry(CONSENT_HISTORY, CryptoAction.SIGN_ONLY),
            Map.entry(CONSENTS, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(PENDING_EMAIL, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(PENDING_EMAIL_LOOKUP_KEY, CryptoAction.SIGN_ONLY),
            Map.entry(GUARDIAN_LOOKUP_KEY, CryptoAction.SIGN_ONLY),
            Map.entry(CREATED_AT, CryptoAction.SIGN_ONLY),
            Map.entry(UPDATED_AT, CryptoAction.SIGN_ONLY),
            Map.entry(VERIFIED_AT, CryptoAction.SIGN_ONLY),
            Map.entry(EXPIRES_AT, CryptoAction.SIGN_ONLY),
            Map.entry(VERSION, CryptoAction.SIGN_ONLY),
            Map.entry(DELETION_REQUEST, CryptoAction.SIGN_ONLY),
            Map.entry(LEGAL_HOLDS, CryptoAction.ENCRYPT_AND_SIGN),
            Map.entry(LEGAL_HOLD_SINCE, CryptoAction.SIGN_ONLY),
            Map.entry(POLICY_ANSWERS, CryptoAction.SIGN_ONLY),
            Map.entry(GUARDIAN, CryptoAction.ENCRYPT_AND_SIGN));

    private ProfileAttributes() {
    }

    /**
     * The key of the item that keeps a profile's previous email, encrypted like the profile, for as
     * long as its undo link lives (TTL on expiresAt); erased with the profile.
     */
    static String previousEmailItemId(String profileId) {
        return "previous-email#" + profileId;
    }

    @SafeVarargs
    private static Map<String, CryptoAction> withUnsigned(Map.Entry<String, CryptoAction>... signed) {
        Map<String, CryptoAction> actions = new HashMap<>(Map.ofEntries(signed));
        UNSIGNED.forEach(name -> actions.put(name, CryptoAction.DO_NOTHING));
        return Map.copyOf(actions);
    }

    static Map<String, AttributeValue> toItem(Profile profile, RetentionEvent next) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PROFILE_ID, s(profile.profileId()));
        item.put(FULL_NAME, s(profile.fullName().value()));
        item.put(PHONE, s(profile.phone().e164()));
        item.put(EMAIL, s(profile.email().value()));
        item.put(EMAIL_LOOKUP_KEY, s(profile.emailLookupKey()));
        item.put(STATUS, s(profile.status().name()));
        item.put(CONSENTS, AttributeValue.fromL(profile.consents().stream()
                .map(ProfileAttributes::consentItem).toList()));
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
        DeletionRequest request = profile.deletionRequest();
        if (request != null) {
            Map<String, AttributeValue> fields = new HashMap<>(Map.of(
                    "kind", s(request.kind().name()),
                    "requestedAt", s(request.requestedAt().toString())));
            if (request.erasureDueAt() != null) {
                fields.put("erasureDueAt", s(request.erasureDueAt().toString()));
            }
            item.put(DELETION_REQUEST, AttributeValue.fromM(fields));
        }
        if (!profile.legalHolds().isEmpty()) {
            item.put(LEGAL_HOLDS, AttributeValue.fromL(profile.legalHolds().stream()
                    .map(ProfileAttributes::legalHoldValue).toList()));
        }
        profile.activeLegalHold().ifPresent(hold -> item.put(LEGAL_HOLD_SINCE, s(hold.placedAt().toString())));
        if (!profile.policyAnswers().isEmpty()) {
            item.put(POLICY_ANSWERS, AttributeValue.fromL(profile.policyAnswers().stream()
                    .map(ProfileAttributes::policyAnswerItem).toList()));
        }
        if (profile.guardian() != null) {
            item.put(GUARDIAN, guardianValue(profile.guardian()));
            if (profile.guardian().lookupKey() != null) {
                // Only while the guardian may act: a learner mailed to take over leaves the ByGuardian index.
                item.put(GUARDIAN_LOOKUP_KEY, s(profile.guardian().lookupKey()));
            }
        }
        item.put(VERSION, AttributeValue.fromN(Long.toString(profile.version())));
        item.put(LAST_ACTIVE_AT, epochSeconds(profile.lastActiveAt()));
        if (profile.inactivityErasureAt() != null) {
            item.put(INACTIVITY_ERASURE_AT, epochSeconds(profile.inactivityErasureAt()));
        }
        item.putAll(retentionKeys(next));
        return item;
    }

    /** The RetentionDue index keys (and rule) of a profile whose next retention event is {@code next}. */
    static Map<String, AttributeValue> retentionKeys(RetentionEvent next) {
        return Map.of(RETENTION_QUEUE, s(next.rule().queue()),
                RETENTION_DUE_AT, epochSeconds(next.at()),
                RETENTION_RULE, s(next.rule().wireName()));
    }

    private static AttributeValue legalHoldValue(LegalHold hold) {
        Map<String, AttributeValue> fields = new HashMap<>(Map.of(
                "reason", s(hold.reason()),
                "reference", s(hold.reference()),
                "placedBy", s(hold.placedBy()),
                "placedAt", s(hold.placedAt().toString())));
        if (!hold.isActive()) {
            fields.put("releaseReason", s(hold.releaseReason()));
            fields.put("releaseReference", s(hold.releaseReference()));
            fields.put("releasedBy", s(hold.releasedBy()));
            fields.put("releasedAt", s(hold.releasedAt().toString()));
        }
        return AttributeValue.fromM(fields);
    }

    private static AttributeValue guardianValue(Guardian guardian) {
        Map<String, AttributeValue> fields = new HashMap<>(Map.of(
                "birthYear", AttributeValue.fromN(Integer.toString(guardian.birthYear())),
                "email", s(guardian.email().value())));
        if (guardian.consentedAt() != null) {
            fields.put("consentedAt", s(guardian.consentedAt().toString()));
        }
        if (guardian.learnerConfirmedAt() != null) {
            fields.put("learnerConfirmedAt", s(guardian.learnerConfirmedAt().toString()));
        }
        if (guardian.comingOfAgeMailedAt() != null) {
            fields.put("comingOfAgeMailedAt", s(guardian.comingOfAgeMailedAt().toString()));
        }
        if (guardian.learnerTookOverAt() != null) {
            fields.put("learnerTookOverAt", s(guardian.learnerTookOverAt().toString()));
        }
        return AttributeValue.fromM(fields);
    }

    private static Guardian guardianOf(Map<String, AttributeValue> fields, String lookupKey) {
        return new Guardian(Integer.parseInt(fields.get("birthYear").n()), new EmailAddress(fields.get("email").s()),
                lookupKey, instantIn(fields, "consentedAt"), instantIn(fields, "learnerConfirmedAt"),
                instantIn(fields, "comingOfAgeMailedAt"), instantIn(fields, "learnerTookOverAt"));
    }

    private static Instant instantIn(Map<String, AttributeValue> fields, String name) {
        String text = text(fields, name);
        return text == null ? null : Instant.parse(text);
    }

    private static LegalHold legalHoldOf(Map<String, AttributeValue> fields) {
        return new LegalHold(fields.get("reason").s(), fields.get("reference").s(), fields.get("placedBy").s(),
                Instant.parse(fields.get("placedAt").s()),
                text(fields, "releaseReason"), text(fields, "releaseReference"), text(fields, "releasedBy"),
                fields.containsKey("releasedAt") ? Instant.parse(fields.get("releasedAt").s()) : null);
    }

    private static DeletionRequest deletionRequestOf(Map<String, AttributeValue> fields) {
        return new DeletionRequest(DeletionKind.valueOf(fields.get("kind").s()),
                Instant.parse(fields.get("requestedAt").s()),
                fields.containsKey("erasureDueAt") ? Instant.parse(fields.get("erasureDueAt").s()) : null);
    }

    /** One entry of the consent ledger; the actor is written only when not the learner, as for purpose answers. */
    private static AttributeValue policyAnswerItem(PolicyAnswer answer) {
        Map<String, AttributeValue> fields = new HashMap<>(Map.of(
                "policyVersion", s(answer.policyVersion()),
                "accepted", AttributeValue.fromBool(answer.accepted()),
                "answeredAt", s(answer.answeredAt().toString()),
                "channel", s(answer.channel().name()),
                "evidenceHash", s(answer.evidenceHash())));
        if (answer.actor() != PurposeAnswer.Actor.LEARNER) {
            fields.put("actor", s(answer.actor().wireName()));
        }
        return AttributeValue.fromM(fields);
    }

    private static PolicyAnswer policyAnswerOf(Map<String, AttributeValue> fields) {
        return new PolicyAnswer(fields.get("policyVersion").s(), fields.get("accepted").bool(),
                Instant.parse(fields.get("answeredAt").s()),
                PolicyAnswer.AnswerChannel.valueOf(fields.get("channel").s()), fields.get("evidenceHash").s(),
                actorOf(fields));
    }

    /** Whose answer an entry is: answers stored before actors were kept, and every learner's own, name none. */
    private static PurposeAnswer.Actor actorOf(Map<String, AttributeValue> fields) {
        return fields.containsKey("actor") ? PurposeAnswer.Actor.ofWireName(fields.get("actor").s())
                : PurposeAnswer.Actor.LEARNER;
    }

    private static String text(Map<String, AttributeValue> fields, String name) {
        return fields.containsKey(name) ? fields.get(name).s() : null;
    }

    /** One answer; one given before any version was published names none, an old newsletter answer may name no channel. */
    private static AttributeValue consentItem(PurposeAnswer answer) {
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put("purposeId", s(answer.purposeId()));
        fields.put("granted", AttributeValue.fromBool(answer.granted()));
        fields.put("answeredAt", s(answer.answeredAt().toString()));
        if (answer.channel() != null) {
            fields.put("channel", s(answer.channel().wireName()));
        }
        if (answer.policyVersion() != null) {
            fields.put("policyVersion", s(answer.policyVersion()));
        }
        if (answer.actor() != PurposeAnswer.Actor.LEARNER) {
            fields.put("actor", s(answer.actor().wireName()));
        }
        return AttributeValue.fromM(fields);
    }

    private static PurposeAnswer consentOf(Map<String, AttributeValue> fields) {
        return new PurposeAnswer(fields.get("purposeId").s(), fields.get("granted").bool(),
                Instant.parse(fields.get("answeredAt").s()),
                fields.containsKey("channel") ? PurposeAnswer.Channel.ofWireName(fields.get("channel").s()) : null,
                text(fields, "policyVersion"), actorOf(fields));
    }

    /**
     * The answers of a profile stored before consent was asked per purpose: its newsletter answers,
     * the first given on the signup form (every signup asked it), the channel of the later ones not kept.
     */
    private static List<PurposeAnswer> consentsOf(Map<String, AttributeValue> item) {
        if (item.containsKey(CONSENTS)) {
            return item.get(CONSENTS).l().stream().map(AttributeValue::m).map(ProfileAttributes::consentOf).toList();
        }
        List<Map<String, AttributeValue>> history = item.get(CONSENT_HISTORY).l().stream().map(AttributeValue::m)
                .toList();
        List<PurposeAnswer> answers = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Map<String, AttributeValue> consent = history.get(i);
            answers.add(new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, consent.get("granted").bool(),
                    Instant.parse(consent.get("recordedAt").s()), i == 0 ? PurposeAnswer.Channel.SIGNUP_FORM : null,
                    text(consent, "policyVersion")));
        }
        return answers;
    }

    static Profile fromItem(Map<String, AttributeValue> item) {
        return new Profile(
                item.get(PROFILE_ID).s(),
                new FullName(item.get(FULL_NAME).s()),
                new PhoneNumber(item.get(PHONE).s()),
                new EmailAddress(item.get(EMAIL).s()),
                item.get(EMAIL_LOOKUP_KEY).s(),
                ProfileStatus.valueOf(item.get(STATUS).s()),
                consentsOf(item),
                Instant.parse(item.get(CREATED_AT).s()),
                Instant.parse(item.get(UPDATED_AT).s()),
                item.containsKey(VERIFIED_AT) ? Instant.parse(item.get(VERIFIED_AT).s()) : null,
                item.containsKey(EXPIRES_AT) ? instant(item.get(EXPIRES_AT)) : null,
                item.containsKey(PENDING_EMAIL) ? new EmailAddress(item.get(PENDING_EMAIL).s()) : null,
                text(item, PENDING_EMAIL_LOOKUP_KEY),
                item.containsKey(DELETION_REQUEST) ? deletionRequestOf(item.get(DELETION_REQUEST).m()) : null,
                item.containsKey(LEGAL_HOLDS)
                        ? item.get(LEGAL_HOLDS).l().stream().map(AttributeValue::m).map(ProfileAttributes::legalHoldOf)
                                .toList()
                        : List.of(),
                item.containsKey(POLICY_ANSWERS)
                        ? item.get(POLICY_ANSWERS).l().stream().map(AttributeValue::m).map(ProfileAttributes::policyAnswerOf)
                                .toList()
                        : List.of(),
                lastActiveAt(item),
                item.containsKey(INACTIVITY_ERASURE_AT) ? instant(item.get(INACTIVITY_ERASURE_AT)) : null,
                Long.parseLong(item.get(VERSION).n()),
                item.containsKey(GUARDIAN)
                        ? guardianOf(item.get(GUARDIAN).m(), text(item, GUARDIAN_LOOKUP_KEY)) : null);
    }

    /** Profiles stored before activity was recorded were last active when they were confirmed or created. */
    private static Instant lastActiveAt(Map<String, AttributeValue> item) {
        if (item.containsKey(LAST_ACTIVE_AT)) {
            return instant(item.get(LAST_ACTIVE_AT));
        }
        return Instant.parse(item.getOrDefault(VERIFIED_AT, item.get(CREATED_AT)).s());
    }
}
