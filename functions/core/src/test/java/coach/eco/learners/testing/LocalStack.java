package coach.eco.learners.testing;

import coach.eco.learners.local.LocalAws;
import coach.eco.learners.local.SamTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

import java.net.URI;
import java.util.Map;

/** LocalStack in Docker, through Testcontainers: the second target of the integration suite. */
final class LocalStack {
    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

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
        LocalStackContainer container = new LocalStackContainer(IMAGE).withServices(
                LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.KMS,
                LocalStackContainer.Service.SES);
        container.start();
        return LocalAws.connect(template, URI.create(container.getEndpoint().toString()), LocalAwsExtension.PARAMETERS,
                container::stop);
    }
}
