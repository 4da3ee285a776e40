package coach.eco.learners.aws;

import coach.eco.learners.config.LearnerConfiguration;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.ses.SesClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.cryptography.dbencryptionsdk.dynamodb.DynamoDbEncryptionInterceptor;

import java.time.Duration;

/**
 * One client per service per function instance, built once at init (so SnapStart snapshots them).
 * Region, credentials and endpoint come from the SDK's standard providers: {@code AWS_ENDPOINT_URL}
 * points the same code at the local emulator, LocalStack or AWS, with no code path of its own.
 */
@Factory
public class AwsClients {
    private final Duration callTimeout;
    private final RequestDeadline deadline;

    public AwsClients(LearnerConfiguration config) {
        this.callTimeout = config.getAwsCallTimeout();
        this.deadline = new RequestDeadline(callTimeout.multipliedBy(2));
    }

    @Singleton
    SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(callTimeout)
                .build();
    }

    @Singleton
    KmsClient kms(SdkHttpClient http) {
        return client(KmsClient.builder(), http);
    }

    @Singleton
    @Encrypting
    DynamoDbClient encryptingDynamoDb(SdkHttpClient http, DynamoDbEncryptionInterceptor encryption) {
        return client(DynamoDbClient.builder(), http, encryption);
    }

    @Singleton
    @Plain
    DynamoDbClient plainDynamoDb(SdkHttpClient http) {
        return client(DynamoDbClient.builder(), http);
    }

    @Singleton
    SesClient ses(SdkHttpClient http) {
        return client(SesClient.builder(), http);
    }

    @Singleton
    SqsClient sqs(SdkHttpClient http) {
        return client(SqsClient.builder(), http);
    }

    @Singleton
    EventBridgeClient eventBridge(SdkHttpClient http) {
        return client(EventBridgeClient.builder(), http);
    }

    /** A client on the shared HTTP client, with the call timeouts, the request's deadline and any interceptors given. */
    private <B extends AwsSyncClientBuilder<B, C> & SdkClientBuilder<B, C>, C> C client(
            B builder, SdkHttpClient http, ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder configuration = ClientOverrideConfiguration.builder()
                .apiCallAttemptTimeout(callTimeout)
                .apiCallTimeout(callTimeout.multipliedBy(2))
                .addExecutionInterceptor(deadline);
        for (ExecutionInterceptor interceptor : interceptors) {
            configuration.addExecutionInterceptor(interceptor);
        }
        return builder.httpClient(http).overrideConfiguration(configuration.build()).build();
    }
}
