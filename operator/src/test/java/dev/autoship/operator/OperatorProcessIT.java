package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OperatorMain as a process, configured only by its environment as the Helm chart configures it: leader election
 * through a Lease, one watched namespace, JSON logs, health and metrics on its HTTP port.
 */
class OperatorProcessIT {

    @Test
    void operatorProcessTakesTheLeaseReconcilesAndServesHealthAndMetrics() throws Exception {
        Path log = Files.createTempFile("operator-process", ".log");
        Path stderr = Files.createTempFile("operator-process", ".err");
        try (MockApiServer api = new MockApiServer()) {
            var client = api.client();
            for (String ns : List.of("autoship-system", "shop", "elsewhere")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
            int port = ChildJvm.freePort();
            Map<String, String> env = Map.of(
                    "KUBERNETES_MASTER", api.url(),
                    "KUBERNETES_NAMESPACE", "autoship-system",
                    "HOSTNAME", "operator-0",
                    "AUTOSHIP_OPERATOR_WATCH_NAMESPACES", "shop",
                    "AUTOSHIP_OPERATOR_NAMESPACE", "autoship-system",
                    "AUTOSHIP_OPERATOR_HTTP_PORT", String.valueOf(port),
                    "AUTOSHIP_LOG_FORMAT", "json");
            // the test classpath also holds the predictor's logback.xml; the image holds only the operator's
            String logback = "-Dlogback.configurationFile=" + OperatorMain.class.getResource("/logback.xml");
            try (ChildJvm operator = ChildJvm.start(OperatorMain.class.getName(), env, log, stderr, logback)) {
                await().atMost(Duration.ofSeconds(60)).failFast("operator exited", () -> !operator.isAlive())
                        .untilAsserted(() -> assertThat(ChildJvm.status(port, "/health/ready")).isEqualTo(200));
                assertThat(ChildJvm.status(port, "/health/live")).isEqualTo(200);

                Lease lease = await().until(() -> client.leases().inNamespace("autoship-system")
                        .withName("autoship-operator").get(), l -> l != null && l.getSpec().getHolderIdentity() != null);
                assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("operator-0");

                for (String ns : List.of("shop", "elsewhere")) {
                    PredictorCluster cluster = new PredictorCluster();
                    cluster.getMetadata().setName("predictor");
                    cluster.getMetadata().setNamespace(ns);
                    cluster.setSpec(new PredictorClusterSpec("example/predictor:1", null, null, null, null, null,
                            null, null, null, null, null, null, null, null, null, null));
                    client.resource(cluster).create();
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        client.resources(Deployment.class).inNamespace("shop").withName("predictor").get()).isNotNull());
                // only the configured namespace is watched
                assertThat(client.resources(Deployment.class).inNamespace("elsewhere").list().getItems()).isEmpty();

                assertThat(ChildJvm.body(port, "/metrics")).contains("operator_sdk_reconciliations", "jvm_memory_used_bytes");

                assertThat(operator.stopGracefully()).as("operator stops on SIGTERM").isTrue();
            }
            // stdout carries only log entries (the JVM itself may warn on stderr)
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            assertThat(lines).isNotEmpty();
            ObjectMapper json = new ObjectMapper();
            for (String line : lines) {
                assertThat(isJsonLogEntry(json, line)).as("JSON log line: %s", line).isTrue();
            }
        } finally {
            Files.deleteIfExists(log);
            Files.deleteIfExists(stderr);
        }
    }

    private static boolean isJsonLogEntry(ObjectMapper json, String line) {
        try {
            JsonNode entry = json.readTree(line);
            return entry.has("message") && entry.has("level");
        } catch (IOException e) {
            return false;
        }
    }
}
