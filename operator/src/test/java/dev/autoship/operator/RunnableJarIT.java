package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.testing.ChildJvm;
import dev.autoship.testing.FreePort;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code java -jar target/autoship-operator.jar} (with target/libs/ beside it) runs the operator, as the README says. */
class RunnableJarIT {

    @Test
    void javaDashJarRunsTheOperator() throws Exception {
        Path jar = Path.of("target", "autoship-operator.jar");
        assertThat(jar).exists();
        assertThat(Path.of("target", "libs")).isDirectoryContaining(path -> path.toString().contains("operator-framework"));
        Path stdout = Files.createTempFile("operator-jar", ".log");
        Path stderr = Files.createTempFile("operator-jar", ".err");
        try (MockApiServer api = new MockApiServer()) {
            var client = api.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
                    .create();
            int port = FreePort.find();
            Map<String, String> environment = Map.of(
                    "KUBERNETES_MASTER", api.url(),
                    "AUTOSHIP_OPERATOR_WATCH_NAMESPACES", "shop",
                    "AUTOSHIP_OPERATOR_LEADER_ELECTION", "false",
                    "AUTOSHIP_OPERATOR_HTTP_PORT", String.valueOf(port));
            try (ChildJvm operator = ChildJvm.startJar(jar, environment, stdout, stderr)) {
                await().atMost(Duration.ofSeconds(60)).failFast("operator exited", () -> !operator.isAlive())
                        .untilAsserted(() -> assertThat(ChildJvm.status(port, "/health/ready")).isEqualTo(200));
                PredictorCluster cluster = new PredictorCluster();
                cluster.getMetadata().setName("from-jar");
                cluster.getMetadata().setNamespace("shop");
                client.resource(cluster).create();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        client.resources(Deployment.class).inNamespace("shop").withName("from-jar").get()).isNotNull());
                assertThat(operator.stopGracefully()).as("operator stops on SIGTERM").isTrue();
            }
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
