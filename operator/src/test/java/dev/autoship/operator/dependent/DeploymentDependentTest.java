package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.ClusterFixtures;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.ReleasedPredictorImage;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** desired() as pure functions of the spec (no autoscaling here, so no Context is consulted). */
class DeploymentDependentTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void credentialsReachThePodOnlyAsSecretReferences() {
        PredictorCluster cluster = cluster("""
                {"redis": {"url": "redis://r:6379", "passwordSecret": {"name": "redis", "key": "pw"}},
                 "elasticsearch": {"url": "https://es:9200", "username": "shop",
                                   "passwordSecret": {"name": "es", "key": "password"}}}""");
        Container container = deployment(cluster).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getEnv()).allSatisfy(env -> assertThat(env.getValue()).isNull());
        assertThat(container.getEnv()).extracting(env -> env.getName() + "=" + env.getValueFrom().getSecretKeyRef()
                .getName() + "/" + env.getValueFrom().getSecretKeyRef().getKey())
                .containsExactly("AUTOSHIP_ELASTICSEARCH_PASSWORD=es/password", "AUTOSHIP_REDIS_PASSWORD=redis/pw");
        assertThat(new ConfigMapDependent().desired(cluster, null).getData())
                .containsEntry("AUTOSHIP_ELASTICSEARCH_USERNAME", "shop")
                .doesNotContainKeys("AUTOSHIP_ELASTICSEARCH_PASSWORD", "AUTOSHIP_REDIS_PASSWORD");
    }

    @Test
    void unsetSettingsAreLeftToThePredictorsDefaults() {
        assertThat(new ConfigMapDependent().desired(cluster("{}"), null).getData())
                .containsOnlyKeys("AUTOSHIP_SERVER_PORT", "AUTOSHIP_MANAGEMENT_PORT", "AUTOSHIP_CLUSTER_NAME");
    }

    @Test
    void aSettingsChangeChangesTheChecksumAnImageChangeDoesNot() {
        String base = checksum(cluster("{\"model\": {\"cacheTtl\": \"PT1H\"}}"));
        assertThat(checksum(cluster("{\"model\": {\"cacheTtl\": \"PT2H\"}}"))).isNotEqualTo(base);
        assertThat(checksum(cluster("{\"model\": {\"cacheTtl\": \"PT1H\"}, \"image\": \"other:1\"}"))).isEqualTo(base);
    }

    @Test
    void terminationGraceCoversThePreStopPauseAndTheShutdownGrace() {
        Deployment deployment = deployment(cluster("{\"rollout\": {\"shutdownGrace\": \"PT45S\"}}"));
        assertThat(deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(DeploymentDependent.PRE_STOP_SECONDS + 45 + 5);
    }

    @Test
    void userAnnotationsEnvAndSchedulingArePassedThrough() {
        Deployment deployment = deployment(cluster("""
                {"podAnnotations": {"prometheus.io/scrape": "true"},
                 "extraEnv": [{"name": "JAVA_TOOL_OPTIONS", "value": "-XX:+UseZGC"}],
                 "scheduling": {"nodeSelector": {"pool": "predictors"},
                                "tolerations": [{"key": "dedicated", "operator": "Exists", "effect": "NoSchedule"}]},
                 "resources": {"requests": {"cpu": "1"}}}"""));
        var template = deployment.getSpec().getTemplate();
        assertThat(template.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
                .containsKey(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION);
        Container container = template.getSpec().getContainers().getFirst();
        assertThat(container.getEnv()).extracting(e -> e.getName()).containsExactly("JAVA_TOOL_OPTIONS");
        assertThat(container.getResources().getRequests().get("cpu").toString()).isEqualTo("1");
        assertThat(template.getSpec().getNodeSelector()).containsEntry("pool", "predictors");
        assertThat(template.getSpec().getTolerations()).singleElement()
                .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
        assertThat(container.getImage()).isEqualTo(ReleasedPredictorImage.REFERENCE);
    }

    @Test
    void valuesAreWrittenInTheFormTheApiServerStoresSoAResyncFindsNoDifference() {
        PredictorCluster cluster = cluster("""
                {"resources": {"requests": {"cpu": "0.5", "memory": "1024Mi"}, "limits": {"memory": "1.5Gi"}},
                 "extraEnv": [{"name": "EMPTY", "value": ""},
                              {"name": "MEMORY", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory",
                                                                                    "divisor": "1024Ki"}}}],
                 "scheduling": {"priorityClassName": "",
                                "tolerations": [{"key": "", "operator": "Exists", "effect": ""}]}}""");
        String spec = cluster.getSpec().toString();
        var pod = deployment(cluster).getSpec().getTemplate().getSpec();
        String stored = json.asJson(pod);

        assertThat(stored).contains("\"requests\":{\"cpu\":\"500m\",\"memory\":\"1Gi\"}",
                "\"limits\":{\"memory\":\"1536Mi\"}", "\"divisor\":\"1Mi\"",
                "\"tolerations\":[{\"operator\":\"Exists\"}]", "{\"name\":\"EMPTY\"}");
        assertThat(stored).doesNotContain("priorityClassName", "\"\"");
        // the spec in the informer cache is left as the user wrote it
        assertThat(cluster.getSpec().toString()).isEqualTo(spec);
    }

    @Test
    void resourcesAreRoundedUpToMilliUnitsAsTheApiServerRoundsThem() {
        var resources = deployment(cluster("""
                {"resources": {"requests": {"cpu": "100u", "memory": "1.0005"}, "limits": {"cpu": "0.0000001"}}}"""))
                .getSpec().getTemplate().getSpec().getContainers().getFirst().getResources();
        assertThat(resources.getRequests()).hasToString("{cpu=1m, memory=1001m}");
        assertThat(resources.getLimits()).hasToString("{cpu=1m}");
    }

    @Test
    void emptyStringsAnywhereInWhatIsPassedThroughAreLeftOutAsTheApiServerDoes() {
        var pod = deployment(cluster("""
                {"scheduling": {"affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
                   {"weight": 10, "podAffinityTerm": {"topologyKey": "zone", "namespaceSelector": {},
                     "labelSelector": {"matchLabels": {"tier": ""}}}}]}},
                  "nodeSelector": {"pool": ""}},
                 "podLabels": {"flag": ""}}""")).getSpec().getTemplate();
        String stored = json.asJson(pod);
        // "" of a struct field goes (none is left here), "" of a map entry stays
        assertThat(stored).contains("\"tier\":\"\"", "\"pool\":\"\"", "\"flag\":\"\"");
        var hpa = new HorizontalPodAutoscalerDependent().desired(cluster("""
                {"autoscaling": {"minReplicas": 1, "maxReplicas": 2,
                  "metrics": [{"type": "Object", "object": {"metric": {"name": "queue"},
                     "describedObject": {"apiVersion": "", "kind": "Service", "name": "q"},
                     "target": {"type": "Value", "value": "1000"}}}]}}"""), null);
        assertThat(json.asJson(hpa.getSpec())).doesNotContain("\"apiVersion\":\"\"").contains("\"value\":\"1k\"");
    }

    @Test
    void emptyMapsAndListsFromTheSpecAreLeftOutAsTheApiServerDoes() {
        PredictorCluster cluster = cluster("""
                {"podAnnotations": {}, "extraEnv": [],
                 "resources": {"requests": {"cpu": "1"}, "limits": {}},
                 "scheduling": {"nodeSelector": {}, "tolerations": [], "affinity": {}}}""");
        String stored = json.asJson(deployment(cluster).getSpec().getTemplate());

        assertThat(stored).doesNotContain("nodeSelector", "tolerations", "limits", "\"env\"", "[]");
    }

    @Test
    void pullSecretsServiceAccountAndPodLabelsReachThePodTheTokenStaysUnmountedUnlessAsked() {
        var pod = deployment(cluster("""
                {"imagePullSecrets": [{"name": "registry"}], "serviceAccountName": "predictor",
                 "podLabels": {"team": "shipping"}}""")).getSpec().getTemplate();
        assertThat(pod.getSpec().getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("registry");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("predictor");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "shipping")
                .containsAllEntriesOf(ClusterMetadata.labels(cluster("{}")));
        assertThat(deployment(cluster("{\"automountServiceAccountToken\": true}")).getSpec().getTemplate().getSpec()
                .getAutomountServiceAccountToken()).isTrue();
        assertThat(deployment(cluster("{}")).getSpec().getTemplate().getSpec().getServiceAccountName()).isNull();
    }

    @Test
    void aCaBundleIsMountedReadOnlyAsOnePemFileNamedToThePredictor() {
        for (String source : new String[] {"{\"configMap\": {\"name\": \"ca\", \"key\": \"ca.crt\"}}",
                "{\"secret\": {\"name\": \"ca\", \"key\": \"ca.crt\"}}"}) {
            PredictorCluster cluster = cluster("{\"tls\": {\"caBundle\": " + source + "}}");
            var pod = deployment(cluster).getSpec().getTemplate().getSpec();
            var volume = pod.getVolumes().stream().filter(v -> "trusted-ca".equals(v.getName())).findFirst().orElseThrow();
            var items = volume.getConfigMap() != null ? volume.getConfigMap().getItems() : volume.getSecret().getItems();
            assertThat(items).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo("ca.crt");
                assertThat(item.getPath()).isEqualTo("ca.pem");
            });
            assertThat(volume.getConfigMap() != null ? volume.getConfigMap().getDefaultMode()
                    : volume.getSecret().getDefaultMode()).isEqualTo(0444);
            assertThat(pod.getContainers().getFirst().getVolumeMounts()).filteredOn(m -> "trusted-ca".equals(m.getName()))
                    .singleElement().satisfies(m -> {
                        assertThat(m.getReadOnly()).isTrue();
                        assertThat(m.getMountPath()).isEqualTo("/etc/autoship/trusted-ca");
                    });
            assertThat(new ConfigMapDependent().desired(cluster, null).getData())
                    .containsEntry("AUTOSHIP_TRUSTED_CA_FILE", "/etc/autoship/trusted-ca/ca.pem");
        }
        assertThat(new ConfigMapDependent().desired(cluster("{}"), null).getData())
                .doesNotContainKey("AUTOSHIP_TRUSTED_CA_FILE");
    }

    @Test
    void theAutoscalerScalesOnCpuByDefaultOrOnTheMetricsAndBehaviorGiven() {
        var cpu = new HorizontalPodAutoscalerDependent().desired(cluster("""
                {"autoscaling": {"minReplicas": 2, "maxReplicas": 5, "targetCPUUtilizationPercentage": 60}}"""), null);
        assertThat(cpu.getSpec().getMetrics()).singleElement().satisfies(m -> {
            assertThat(m.getResource().getName()).isEqualTo("cpu");
            assertThat(m.getResource().getTarget().getAverageUtilization()).isEqualTo(60);
        });
        assertThat(cpu.getSpec().getBehavior()).isNull();
        var rate = new HorizontalPodAutoscalerDependent().desired(cluster("""
                {"autoscaling": {"minReplicas": 2, "maxReplicas": 5,
                  "metrics": [{"type": "Pods", "pods": {"metric": {"name": "autoship_http_requests_per_second"},
                               "target": {"type": "AverageValue", "averageValue": "50"}}}],
                  "behavior": {"scaleDown": {"stabilizationWindowSeconds": 600}}}}"""), null);
        assertThat(rate.getSpec().getMetrics()).singleElement()
                .satisfies(m -> assertThat(m.getPods().getMetric().getName()).isEqualTo("autoship_http_requests_per_second"));
        assertThat(rate.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(600);
    }

    @Test
    void healthAndMetricsAreReachedOnTheManagementPortPredictionsOnThePublicOne() {
        PredictorCluster cluster = cluster("{\"monitoring\": {\"podMonitor\": {}}}");
        Container container = deployment(cluster).getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
                .containsExactly("http=8080", "management=9090");
        assertThat(List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe()))
                .extracting(probe -> probe.getHttpGet().getPort().getStrVal() + probe.getHttpGet().getPath())
                .containsExactly("management/observe/health/live", "management/observe/health/live",
                        "management/observe/health/ready");
        assertThat(new PodMonitorDependent().desired(cluster, null).getSpec().podMetricsEndpoints())
                .extracting(e -> e.port() + e.path()).containsExactly("management/observe/metrics");
        assertThat(new ServiceDependent().desired(cluster("{\"service\": {\"port\": 80}}"), null).getSpec().getPorts())
                .extracting(p -> p.getName() + "=" + p.getPort() + "->" + p.getTargetPort().getStrVal())
                .containsExactly("http=80->http", "management=9090->management");
    }

    @Test
    void aServiceReachableFromOutsideTheClusterCarriesNoManagementPort() {
        for (String type : List.of("NodePort", "LoadBalancer")) {
            assertThat(new ServiceDependent().desired(cluster("{\"service\": {\"type\": \"" + type + "\"}}"), null)
                    .getSpec().getPorts()).as(type)
                    .extracting(p -> p.getName() + "=" + p.getPort() + "->" + p.getTargetPort().getStrVal())
                    .containsExactly("http=8080->http");
        }
        assertThat(new ServiceDependent().desired(cluster("{\"service\": {\"type\": \"ClusterIP\"}}"), null)
                .getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("http", "management");
    }

    @Test
    void serviceAnnotationsAndLabelsAreAddedToTheOperatorsOwn() {
        var service = new ServiceDependent().desired(cluster("""
                {"service": {"annotations": {"service.beta.kubernetes.io/aws-load-balancer-internal": "true"},
                             "labels": {"monitoring": "predictors"}}}"""), null);
        assertThat(service.getMetadata().getAnnotations())
                .containsEntry("service.beta.kubernetes.io/aws-load-balancer-internal", "true");
        assertThat(service.getMetadata().getLabels()).containsEntry("monitoring", "predictors")
                .containsAllEntriesOf(ClusterMetadata.labels(cluster("{}")));
    }

    private String checksum(PredictorCluster cluster) {
        return deployment(cluster).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION);
    }

    private static Deployment deployment(PredictorCluster cluster) {
        return new DeploymentDependent().desired(cluster, null);
    }

    private static PredictorCluster cluster(String specJson) {
        return ClusterFixtures.withSpec(specJson);
    }
}
