package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autoship.operator.crd.ApiSpec;
import dev.autoship.operator.crd.ConnectionsSpec;
import dev.autoship.operator.crd.DriftSpec;
import dev.autoship.operator.crd.InsufficientHistorySpec;
import dev.autoship.operator.crd.LogFormat;
import dev.autoship.operator.crd.ModelSpec;
import dev.autoship.operator.crd.MonitoringSpec;
import dev.autoship.operator.crd.PodMonitorSettings;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.QualitySpec;
import dev.autoship.operator.crd.RefreshSpec;
import dev.autoship.operator.crd.RolloutSpec;
import dev.autoship.operator.crd.WarmStartSpec;
import dev.autoship.operator.monitoring.PodMonitor;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Starts the real predictor (dev.autoship.predictor.Main, in its own JVM) with the environment the operator's
 * pod template and ConfigMap give it (the quality settings included), and asks the probe and scrape paths on the port
 * the probes and the PodMonitor name.
 */
class PredictorContractIT {

    @Test
    void predictorStartedWithTheGeneratedEnvironmentAnswersTheProbesAndTheScrapeOnItsManagementPort()
            throws Exception {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName("contract");
        cluster.getMetadata().setNamespace("default");
        cluster.setSpec(new PredictorClusterSpec(null, 1, null, null, null, null,
                new ModelSpec("PT2H", 50, "P30D", 5, 500, 1, new RefreshSpec(75, 5), new WarmStartSpec(0, "PT2S"),
                        new InsufficientHistorySpec("PT30S", 500)),
                new ApiSpec(2_000_000L, 200, new ConnectionsSpec("PT20S", "PT30S", 300)), null,
                new RolloutSpec(null, null, "PT3S"), null, null, null, LogFormat.json, null, null, null, null, null, null,
                null, new MonitoringSpec(new PodMonitorSettings(null, null, null)),
                new QualitySpec(0.9, "PT1M", new DriftSpec(10, 0.2)), null));
        Deployment deployment = new DeploymentDependent().desired(cluster, null);
        ConfigMap config = new ConfigMapDependent().desired(cluster, null);
        PodMonitor monitor = new PodMonitorDependent().desired(cluster, null);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();

        Map<String, String> env = new HashMap<>();
        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(from -> assertThat(from.getConfigMapRef().getName()).isEqualTo(config.getMetadata().getName()));
        env.putAll(config.getData());
        for (EnvVar var : container.getEnv()) {
            assertThat(var.getValueFrom()).as("plain env var " + var.getName()).isNull();
            env.put(var.getName(), var.getValue());
        }
        // the probes and the scrape name the container port the predictor is told to serve management on, the
        // Service the one it serves predictions on
        String management = container.getReadinessProbe().getHttpGet().getPort().getStrVal();
        for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe())) {
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo(management);
        }
        assertThat(monitor.getSpec().podMetricsEndpoints()).singleElement()
                .satisfies(endpoint -> assertThat(endpoint.port()).isEqualTo(management));
        assertThat(env).containsEntry("AUTOSHIP_MANAGEMENT_PORT", String.valueOf(containerPort(container, management)))
                .containsEntry("AUTOSHIP_SERVER_PORT", String.valueOf(containerPort(container,
                        new ServiceDependent().desired(cluster, null).getSpec().getPorts().getFirst().getTargetPort()
                                .getStrVal())));
        // ... but this machine is shared, so the process listens on free ports instead
        int port = FreePort.find();
        int managementPort = FreePort.find();
        env.put("AUTOSHIP_SERVER_PORT", String.valueOf(port));
        env.put("AUTOSHIP_MANAGEMENT_PORT", String.valueOf(managementPort));

        Path stdout = Files.createTempFile("predictor-contract", ".log");
        Path stderr = Files.createTempFile("predictor-contract", ".err");
        try (ChildJvm predictor = ChildJvm.start("dev.autoship.predictor.Main", env, stdout, stderr)) {
            List<String> paths = new ArrayList<>(List.of(container.getStartupProbe(),
                    container.getLivenessProbe(), container.getReadinessProbe()).stream()
                    .map(probe -> probe.getHttpGet().getPath()).toList());
            paths.add(monitor.getSpec().podMetricsEndpoints().getFirst().path());
            for (String path : paths) {
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .failFast("predictor exited; stderr: " + stderr, () -> !predictor.isAlive())
                        .untilAsserted(() -> assertThat(ChildJvm.status(managementPort, path)).as(path).isEqualTo(200));
            }
            // what the NetworkPolicy keeps apart: health stays off the public port
            assertThat(ChildJvm.status(port, container.getReadinessProbe().getHttpGet().getPath())).isEqualTo(404);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    private static int containerPort(Container container, String name) {
        return container.getPorts().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow()
                .getContainerPort();
    }
}
