package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autoship.operator.crd.ApiSpec;
import dev.autoship.operator.crd.ConnectionsSpec;
import dev.autoship.operator.crd.InsufficientHistorySpec;
import dev.autoship.operator.crd.LogFormat;
import dev.autoship.operator.crd.ModelSpec;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.RefreshSpec;
import dev.autoship.operator.crd.RolloutSpec;
import dev.autoship.operator.crd.WarmStartSpec;
import dev.autoship.testing.ChildJvm;
import dev.autoship.testing.FreePort;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Starts the real predictor (dev.autoship.predictor.Main, in its own JVM) with the environment the operator's
 * pod template and ConfigMap give it, and asks the probe paths on the probe port.
 */
class PredictorContractIT {

    @Test
    void predictorStartedWithTheGeneratedEnvironmentAnswersTheProbes() throws Exception {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName("contract");
        cluster.getMetadata().setNamespace("default");
        cluster.setSpec(new PredictorClusterSpec(null, 1, null, null, null, null,
                new ModelSpec("PT2H", 50, "P30D", 5, 500, 1, new RefreshSpec(75, 5), new WarmStartSpec(0, "PT2S"),
                        new InsufficientHistorySpec("PT30S", 500)),
                new ApiSpec(2_000_000L, 200, new ConnectionsSpec("PT20S", "PT30S", 300)), null,
                new RolloutSpec(null, null, "PT3S"), null, null, null, LogFormat.json, null, null, null, null, null, null,
                null, null));
        Deployment deployment = new DeploymentDependent().desired(cluster, null);
        ConfigMap config = new ConfigMapDependent().desired(cluster, null);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();

        Map<String, String> env = new HashMap<>();
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName()));
        env.putAll(config.getData());
        for (EnvVar var : container.getEnv()) {
            assertThat(var.getValueFrom()).as("plain env var " + var.getName()).isNull();
            env.put(var.getName(), var.getValue());
        }
        // the probes name the container port that the predictor is told to listen on
        int containerPort = container.getPorts().stream()
                .filter(p -> p.getName().equals(container.getReadinessProbe().getHttpGet().getPort().getStrVal()))
                .findFirst().orElseThrow().getContainerPort();
        assertThat(container.getLivenessProbe().getHttpGet().getPort())
                .isEqualTo(container.getReadinessProbe().getHttpGet().getPort());
        assertThat(env).containsEntry("AUTOSHIP_SERVER_PORT", String.valueOf(containerPort));
        // ... but this machine is shared, so the process listens on a free port instead of 8080
        int port = FreePort.find();
        env.put("AUTOSHIP_SERVER_PORT", String.valueOf(port));

        Path stdout = Files.createTempFile("predictor-contract", ".log");
        Path stderr = Files.createTempFile("predictor-contract", ".err");
        try (ChildJvm predictor = ChildJvm.start("dev.autoship.predictor.Main", env, stdout, stderr)) {
            for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                    container.getReadinessProbe())) {
                String path = probe.getHttpGet().getPath();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .failFast("predictor exited; stderr: " + stderr, () -> !predictor.isAlive())
                        .untilAsserted(() -> assertThat(ChildJvm.status(port, path)).as(path).isEqualTo(200));
            }
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
