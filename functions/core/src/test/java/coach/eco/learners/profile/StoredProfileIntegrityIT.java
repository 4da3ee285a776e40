package coach.eco.learners.profile;

import coach.eco.learners.consent.ConsentPurpose;
import coach.eco.learners.consent.PurposeAnswer;
import coach.eco.learners.aws.Writes;
import coach.eco.learners.mail.EmailAddress;
import coach.eco.learners.aws.IntegrityFailure;
import coach.eco.learners.crypto.EmailLookupKeys;
import coach.eco.learners.testing.FunctionContext;
import coach.eco.learners.testing.LocalAwsExtension;
import coach.eco.learners.testing.TestLearners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LocalAwsExtension.class)
class StoredProfileIntegrityIT {
    @RegisterExtension
    static final FunctionContext SIGNUP = new FunctionContext("SignupFunction");

    @Test
    void signedStatus_changedInTheTable_isRefusedOnRead_asAnIntegrityFailure() {
        Profile stored = storePending();
        SIGNUP.plainDynamoDb().updateItem(request -> request.tableName(LocalAwsExtension.aws().physicalId("ProfilesTable"))
                .key(Map.of("profileId", AttributeValue.fromS(stored.profileId())))
                .updateExpression("SET #status = :active")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":active", AttributeValue.fromS("ACTIVE"))));

        assertThatThrownBy(() -> SIGNUP.bean(ProfileStore.class).find(stored.profileId()))
                .isInstanceOfSatisfying(IntegrityFailure.class,
                        failure -> assertThat(failure.itemId()).isEqualTo(stored.profileId()))
                .hasRootCauseMessage("Signature of record does not match the signature computed when the record was encrypted.");
    }

    private static Profile storePending() {
        TestLearners.Learner learner = TestLearners.next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        EmailAddress address = EmailAddress.parse(learner.email());
        Profile profile = Profile.pending(UUID.randomUUID().toString(), FullName.parse(learner.fullName()),
                PhoneNumber.parse(learner.phone()), address, SIGNUP.bean(EmailLookupKeys.class).lookupKeyOf(address),
                List.of(new PurposeAnswer(ConsentPurpose.NEWS_AND_OFFERS, true, now, PurposeAnswer.Channel.SIGNUP_FORM, "2024-06-01")), now, now.plus(1, ChronoUnit.DAYS), null);
        SIGNUP.bean(ProfileStore.class).createPending(profile, new Writes());
        return profile;
    }
}
