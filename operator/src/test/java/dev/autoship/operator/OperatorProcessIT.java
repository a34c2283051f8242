package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.testing.ChildJvm;
import dev.autoship.testing.FreePort;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OperatorMain as processes, configured only by their environment as the Helm chart configures them: leader
 * election through a Lease with a standby taking over, one watched namespace, JSON logs, health and metrics.
 */
class OperatorProcessIT {

    @Test
    void leaderReconcilesItsNamespaceAndAStandbyTakesOverWhenItStops() throws Exception {
        Path log = Files.createTempFile("operator-process", ".log");
        Path stderr = Files.createTempFile("operator-process", ".err");
        Path standbyLog = Files.createTempFile("operator-standby", ".log");
        Path standbyStderr = Files.createTempFile("operator-standby", ".err");
        try (MockApiServer api = new MockApiServer()) {
            var client = api.client();
            for (String ns : List.of("autoship-system", "shop", "elsewhere")) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
            int port = FreePort.find();
            int standbyPort = FreePort.find();
            // the test classpath also holds the predictor's logback.xml; the image holds only the operator's
            String logback = "-Dlogback.configurationFile=" + OperatorMain.class.getResource("/logback.xml");
            try (ChildJvm operator = ChildJvm.start(OperatorMain.class.getName(), environment(api, "operator-0", port),
                    log, stderr, logback)) {
                await().atMost(Duration.ofSeconds(60)).failFast("operator exited", () -> !operator.isAlive())
                        .untilAsserted(() -> assertThat(ChildJvm.status(port, "/health/ready")).isEqualTo(200));
                assertThat(ChildJvm.status(port, "/health/live")).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(leaseHolder(client)).isEqualTo("operator-0"));

                try (ChildJvm standby = ChildJvm.start(OperatorMain.class.getName(),
                        environment(api, "operator-1", standbyPort), standbyLog, standbyStderr, logback)) {
                    // a standby is ready (so a rolling update of the operator can proceed) but does not lead
                    await().atMost(Duration.ofSeconds(60)).failFast("standby exited", () -> !standby.isAlive())
                            .untilAsserted(() -> assertThat(ChildJvm.status(standbyPort, "/health/ready")).isEqualTo(200));

                    createCluster(client, "shop", "predictor");
                    createCluster(client, "elsewhere", "predictor");
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                            client.resources(Deployment.class).inNamespace("shop").withName("predictor").get()).isNotNull());
                    // only the configured namespace is watched
                    assertThat(client.resources(Deployment.class).inNamespace("elsewhere").list().getItems()).isEmpty();
                    assertThat(leaseHolder(client)).isEqualTo("operator-0");

                    assertThat(ChildJvm.body(port, "/metrics"))
                            .contains("operator_sdk_reconciliations", "jvm_memory_used_bytes");

                    assertThat(operator.stopGracefully()).as("operator stops on SIGTERM").isTrue();
                    await().atMost(Duration.ofSeconds(60))
                            .untilAsserted(() -> assertThat(leaseHolder(client)).isEqualTo("operator-1"));
                    createCluster(client, "shop", "after-failover");
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(client
                            .resources(Deployment.class).inNamespace("shop").withName("after-failover").get()).isNotNull());
                }
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
            for (Path file : List.of(stderr, standbyLog, standbyStderr)) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static Map<String, String> environment(MockApiServer api, String podName, int port) {
        return Map.of(
                "KUBERNETES_MASTER", api.url(),
                "KUBERNETES_NAMESPACE", "autoship-system",
                "HOSTNAME", podName,
                "AUTOSHIP_OPERATOR_WATCH_NAMESPACES", "shop",
                "AUTOSHIP_OPERATOR_NAMESPACE", "autoship-system",
                "AUTOSHIP_OPERATOR_HTTP_PORT", String.valueOf(port),
                "AUTOSHIP_LOG_FORMAT", "json");
    }

    private static String leaseHolder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("autoship-system").withName("autoship-operator").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static void createCluster(KubernetesClient client, String namespace, String name) {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName(name);
        cluster.getMetadata().setNamespace(namespace);
        cluster.setSpec(new SpecBuilder().withImage("example/predictor:1").build());
        client.resource(cluster).create();
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
