package coach.eco.learners.testing;

import coach.eco.learners.local.LocalAws;
import coach.eco.learners.local.SamTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;

/**
 * LocalStack in Docker, through Testcontainers: the second target of the integration suite. The image is
 * pinned to an open-source (Apache 2.0) release: images from 2026.03 on start only with an account's token,
 * and 4.4 ignores EAGER_SERVICE_LOADING (4.5 loads the listed services at start again).
 */
final class LocalStack {
    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.5.0");
    /**
     * LocalStack refuses any service not listed here ("Service 'sqs' is not enabled"): those the functions
     * and the local set-up call (DynamoDB, KMS, SES, SQS, EventBridge), and STS for a tool that asks which
     * account it is in.
     */
    private static final EnabledService[] SERVICES = {EnabledService.named("dynamodb"), EnabledService.named("kms"),
            EnabledService.named("ses"), EnabledService.named("sqs"), EnabledService.named("events"),
            EnabledService.named("sts")};

    private LocalStack() {
    }

    static boolean dockerIsAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static LocalAws start(SamTemplate template) {
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices(SERVICES)
                // Every service up before the first test, its mailbox endpoint (/_aws/ses) included.
                .withEnv("EAGER_SERVICE_LOADING", "1");
        container.start();
        return LocalAws.connect(template, URI.create(container.getEndpoint().toString()), LocalAwsExtension.PARAMETERS,
                container::stop);
    }
}
