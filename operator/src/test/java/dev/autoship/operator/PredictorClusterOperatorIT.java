package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.autoship.operator.crd.AutoscalingSpec;
import dev.autoship.operator.crd.BackendEgressSpec;
import dev.autoship.operator.crd.DisruptionBudgetSpec;
import dev.autoship.operator.crd.ElasticsearchSpec;
import dev.autoship.operator.crd.ModelSpec;
import dev.autoship.operator.crd.NetworkPolicySpec;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.RedisSpec;
import dev.autoship.operator.crd.SchedulingSpec;
import dev.autoship.operator.crd.SecretKeyRef;
import dev.autoship.operator.crd.ServiceSpec;
import dev.autoship.operator.dependent.ClusterMetadata;
import dev.autoship.operator.dependent.DeploymentDependent;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The real JOSDK Operator, wired as in production, against kubernetes-server-mock in CRUD mode. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictorClusterOperatorIT {

    private static final Duration RESYNC = Duration.ofSeconds(2);
    /** Generous: CI machines are small and shared; a passing condition returns as soon as it holds. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String IMAGE = "registry.example/autoship-predictor:1.2.3";

    private MockApiServer api;
    private NamespacedKubernetesClient client;
    private PredictorOperator operator;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    void startOperator() throws Exception {
        api = new MockApiServer();
        client = api.client();
        var settings = new OperatorSettings(Set.of(), false, "autoship-operator", Optional.empty(), 0, RESYNC);
        operator = PredictorOperator.create(client, settings, registry, Clock.systemUTC());
        operator.start();
    }

    @AfterAll
    void stopOperator() {
        if (operator != null) {
            operator.stop();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void createMakesEveryDependentWithTheRightContentAndReportsStatus() {
        String ns = namespace("create");
        var spec = spec(IMAGE).withReplicas(3).withBackends().withNetworkPolicy().build();
        create(ns, "shop", spec);

        Deployment deployment = awaitResource(Deployment.class, ns, "shop");
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo(IMAGE);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/ready");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/observe/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(container.getPorts().getFirst().getContainerPort()).isEqualTo(8080);
        assertThat(container.getEnvFrom().getFirst().getConfigMapRef().getName()).isEqualTo("shop-config");
        assertThat(container.getEnv()).extracting(EnvVar::getName)
                .containsExactlyInAnyOrder("AUTOSHIP_ELASTICSEARCH_API_KEY", "AUTOSHIP_REDIS_PASSWORD");
        assertThat(container.getEnv()).allSatisfy(env -> {
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).startsWith("creds-");
        });
        var security = container.getSecurityContext();
        assertThat(security.getRunAsNonRoot()).isTrue();
        assertThat(security.getReadOnlyRootFilesystem()).isTrue();
        assertThat(security.getAllowPrivilegeEscalation()).isFalse();
        assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getLifecycle().getPreStop().getSleep().getSeconds()).isPositive();
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(20);
        assertThat(pod.getTopologySpreadConstraints().getFirst().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsKey(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION);
        assertThat(deployment.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "autoship-predictor")
                .containsEntry("app.kubernetes.io/instance", "shop")
                .containsEntry("app.kubernetes.io/managed-by", "autoship-operator");

        ConfigMap config = awaitResource(ConfigMap.class, ns, "shop-config");
        assertThat(config.getData())
                .containsEntry("AUTOSHIP_REDIS_URL", "redis://redis:6379/0")
                .containsEntry("AUTOSHIP_ELASTICSEARCH_URL", "http://es:9200")
                .containsEntry("AUTOSHIP_SERVER_PORT", "8080")
                .doesNotContainKeys("AUTOSHIP_REDIS_PASSWORD", "AUTOSHIP_ELASTICSEARCH_API_KEY");

        Service service = awaitResource(Service.class, ns, "shop");
        assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(8080);
        assertThat(service.getSpec().getSelector()).isEqualTo(ClusterMetadata.selectorLabels(cluster(ns, "shop")));
        PodDisruptionBudget budget = awaitResource(PodDisruptionBudget.class, ns, "shop");
        assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        assertThat(budget.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
        NetworkPolicy policy = awaitResource(NetworkPolicy.class, ns, "shop");
        assertThat(policy.getSpec().getIngress().getFirst().getPorts().getFirst().getPort().getIntVal()).isEqualTo(8080);
        assertThat(policy.getSpec().getEgress()).hasSize(3);
        assertThat(get(HorizontalPodAutoscaler.class, ns, "shop")).isNull();

        eventually().untilAsserted(() -> {
            var status = cluster(ns, "shop").getStatus();
            assertThat(status).isNotNull();
            assertThat(status.endpoint()).isEqualTo("http://shop." + ns + ".svc.cluster.local:8080");
            assertThat(status.image()).isEqualTo(IMAGE);
            assertThat(status.readyReplicas()).isZero();
            assertThat(condition(ns, "shop", "Ready").getStatus()).isEqualTo("False");
            assertThat(condition(ns, "shop", "Progressing").getStatus()).isEqualTo("True");
        });

        markDeploymentAvailable(ns, "shop");
        eventually().untilAsserted(() -> {
            var status = cluster(ns, "shop").getStatus();
            assertThat(status.readyReplicas()).isEqualTo(3);
            assertThat(status.replicas()).isEqualTo(3);
            assertThat(status.observedGeneration()).isEqualTo(cluster(ns, "shop").getMetadata().getGeneration());
            assertThat(condition(ns, "shop", "Ready").getStatus()).isEqualTo("True");
            assertThat(condition(ns, "shop", "Progressing").getReason()).isEqualTo("RolloutComplete");
            assertThat(condition(ns, "shop", "Degraded").getStatus()).isEqualTo("False");
            assertThat(events(ns, "shop")).filteredOn(e -> "Normal".equals(e.getType())).extracting(Event::getReason)
                    .containsExactly("Ready");
        });

        // a new image: the pods that are available are the old ones, so the cluster is not Ready until the rollout
        edit(ns, "shop", builder -> builder.withImage("registry.example/autoship-predictor:1.2.4").withReplicas(3)
                .withBackends().withNetworkPolicy().build());
        eventually().untilAsserted(() -> assertThat(image(get(Deployment.class, ns, "shop")))
                .isEqualTo("registry.example/autoship-predictor:1.2.4"));
        markDeploymentRollingOut(ns, "shop");
        eventually().untilAsserted(() -> {
            assertThat(condition(ns, "shop", "Ready").getStatus()).isEqualTo("False");
            assertThat(condition(ns, "shop", "Progressing").getReason()).isEqualTo("RollingOut");
            assertThat(cluster(ns, "shop").getStatus().readyReplicas()).isZero();
            assertThat(events(ns, "shop")).filteredOn(e -> "Normal".equals(e.getType())).extracting(Event::getReason)
                    .containsExactlyInAnyOrder("Ready", "NotReady");
        });
        markDeploymentAvailable(ns, "shop");
        eventually().untilAsserted(() -> {
            assertThat(condition(ns, "shop", "Ready").getStatus()).isEqualTo("True");
            assertThat(cluster(ns, "shop").getStatus().image()).isEqualTo("registry.example/autoship-predictor:1.2.4");
        });
    }

    @Test
    void everythingMadeIsOwnedByTheClusterSoDeletingItDeletesThem() {
        String ns = namespace("owners");
        create(ns, "owned", spec(IMAGE).withNetworkPolicy().build());
        String uid = cluster(ns, "owned").getMetadata().getUid();
        List<HasMetadata> made = List.of(awaitResource(Deployment.class, ns, "owned"),
                awaitResource(Service.class, ns, "owned"), awaitResource(ConfigMap.class, ns, "owned-config"),
                awaitResource(PodDisruptionBudget.class, ns, "owned"), awaitResource(NetworkPolicy.class, ns, "owned"));
        for (HasMetadata resource : made) {
            assertThat(resource.getMetadata().getOwnerReferences())
                    .as(resource.getKind())
                    .extracting(OwnerReference::getUid, OwnerReference::getKind, OwnerReference::getController)
                    .containsExactly(tuple(uid, "PredictorCluster", true));
        }
        // no finalizer holds the resource: deletion is immediate and Kubernetes' garbage collector (absent from
        // the mock) removes the dependents through the owner references above
        assertThat(cluster(ns, "owned").getMetadata().getFinalizers()).isNullOrEmpty();
        client.resources(PredictorCluster.class).inNamespace(ns).withName("owned").delete();
        eventually().untilAsserted(() -> assertThat(cluster(ns, "owned")).isNull());
    }

    @Test
    void specChangesUpdateTheDependentsAndRollThePods() {
        String ns = namespace("change");
        create(ns, "web", spec(IMAGE).build());
        Deployment first = awaitResource(Deployment.class, ns, "web");
        String firstChecksum = checksum(first);

        edit(ns, "web", spec -> spec.withImage("registry.example/autoship-predictor:2.0.0").withReplicas(4).build());
        eventually().untilAsserted(() -> {
            Deployment d = get(Deployment.class, ns, "web");
            assertThat(d.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage())
                    .isEqualTo("registry.example/autoship-predictor:2.0.0");
            assertThat(d.getSpec().getReplicas()).isEqualTo(4);
        });

        edit(ns, "web", spec -> spec.withImage("registry.example/autoship-predictor:2.0.0").withReplicas(4)
                .withModel(new ModelSpec("PT1H", null, "P30D", 10, 100, null)).build());
        eventually().untilAsserted(() -> {
            assertThat(get(ConfigMap.class, ns, "web-config").getData())
                    .containsEntry("AUTOSHIP_MODEL_CACHE_TTL", "PT1H")
                    .containsEntry("AUTOSHIP_HISTORY_WINDOW", "P30D");
            assertThat(checksum(get(Deployment.class, ns, "web"))).isNotEqualTo(firstChecksum);
        });

        edit(ns, "web", spec -> spec.withAutoscaling(new AutoscalingSpec(3, 8, 60)).build());
        eventually().untilAsserted(() -> {
            HorizontalPodAutoscaler hpa = get(HorizontalPodAutoscaler.class, ns, "web");
            assertThat(hpa).isNotNull();
            assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
            assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
            assertThat(hpa.getSpec().getMetrics().getFirst().getResource().getTarget().getAverageUtilization())
                    .isEqualTo(60);
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("web");
        });

        // the autoscaler's choice survives a later spec change
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("web").edit(d -> {
            d.getSpec().setReplicas(7);
            return d;
        }));
        edit(ns, "web", spec -> spec.withAutoscaling(new AutoscalingSpec(3, 8, 60))
                .withImage("registry.example/autoship-predictor:2.1.0").build());
        eventually().untilAsserted(() -> assertThat(image(get(Deployment.class, ns, "web")))
                .isEqualTo("registry.example/autoship-predictor:2.1.0"));
        assertThat(get(Deployment.class, ns, "web").getSpec().getReplicas()).isEqualTo(7);

        edit(ns, "web", spec -> spec.withImage("registry.example/autoship-predictor:2.1.0").withReplicas(2).build());
        eventually().untilAsserted(() -> {
            assertThat(get(HorizontalPodAutoscaler.class, ns, "web")).isNull();
            assertThat(get(Deployment.class, ns, "web").getSpec().getReplicas()).isEqualTo(2);
        });
    }

    @Test
    void deletedOrHandEditedDependentsAreRestored() {
        String ns = namespace("drift");
        create(ns, "api", spec(IMAGE).build());
        awaitResource(Service.class, ns, "api");
        awaitResource(Deployment.class, ns, "api");
        awaitResource(ConfigMap.class, ns, "api-config");

        client.services().inNamespace(ns).withName("api").delete();
        retryOnConflict(() -> client.configMaps().inNamespace(ns).withName("api-config").edit(c -> {
            c.getData().put("AUTOSHIP_SERVER_PORT", "9999");
            return c;
        }));
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("api").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage("evil/image:latest");
            return d;
        }));

        eventually().untilAsserted(() -> {
            assertThat(get(Service.class, ns, "api")).isNotNull();
            assertThat(get(ConfigMap.class, ns, "api-config").getData()).containsEntry("AUTOSHIP_SERVER_PORT", "8080");
            assertThat(image(get(Deployment.class, ns, "api"))).isEqualTo(IMAGE);
        });
    }

    @Test
    void whatIsRemovedFromTheSpecIsRemovedFromTheCluster() {
        String ns = namespace("removals");
        var shop = new NetworkPolicyPeerBuilder().withNewPodSelector().addToMatchLabels("app", "shop").endPodSelector()
                .build();
        var revoked = new NetworkPolicyPeerBuilder().withNewPodSelector().addToMatchLabels("app", "old-shop")
                .endPodSelector().build();
        var affinity = new AffinityBuilder().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("zone").withOperator("In").withValues("a")
                .endMatchExpression().endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution()
                .endNodeAffinity().build();
        create(ns, "lean", spec(IMAGE).withBackends()
                .withModel(new ModelSpec("PT1H", 50, "P30D", 10, 100, 1))
                .withExtraEnv(new EnvVar("KEEP", "1", null), new EnvVar("DROP", "2", null))
                .withScheduling(new SchedulingSpec(Map.of("pool", "predictors", "disk", "ssd"), null, affinity, "high"))
                .withNetworkPolicy(new NetworkPolicySpec(List.of(shop, revoked), null, null))
                .build());
        eventually().untilAsserted(() -> {
            assertThat(get(ConfigMap.class, ns, "lean-config").getData()).containsKeys("AUTOSHIP_MODEL_CACHE_TTL",
                    "AUTOSHIP_REDIS_URL");
            assertThat(get(NetworkPolicy.class, ns, "lean").getSpec().getIngress().getFirst().getFrom()).hasSize(2);
        });

        edit(ns, "lean", spec -> spec
                .withExtraEnv(new EnvVar("KEEP", "1", null))
                .withScheduling(new SchedulingSpec(Map.of("pool", "predictors"), null, null, null))
                .withNetworkPolicy(new NetworkPolicySpec(List.of(shop), null, null))
                .build());

        eventually().untilAsserted(() -> {
            assertThat(get(ConfigMap.class, ns, "lean-config").getData()).containsOnlyKeys("AUTOSHIP_SERVER_PORT");
            var pod = get(Deployment.class, ns, "lean").getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().getFirst();
            assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("KEEP");
            assertThat(pod.getNodeSelector()).containsExactly(Map.entry("pool", "predictors"));
            assertThat(pod.getAffinity()).isNull();
            assertThat(pod.getPriorityClassName()).isNull();
            var policy = get(NetworkPolicy.class, ns, "lean").getSpec();
            assertThat(policy.getIngress().getFirst().getFrom()).containsExactly(shop);
            // no backends left: only DNS may leave the pods
            assertThat(policy.getEgress()).hasSize(1);
        });
    }

    @Test
    void valuesAddedByHandInsideWhatTheOperatorManagesAreReverted() {
        String ns = namespace("handmade");
        create(ns, "kept", spec(IMAGE).withNetworkPolicy().build());
        awaitResource(NetworkPolicy.class, ns, "kept");
        awaitResource(Deployment.class, ns, "kept");
        awaitResource(PodDisruptionBudget.class, ns, "kept");

        retryOnConflict(() -> client.configMaps().inNamespace(ns).withName("kept-config").edit(c -> {
            c.getData().put("AUTOSHIP_REDIS_URL", "redis://attacker:6379");
            return c;
        }));
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("kept").edit(d -> {
            var pod = d.getSpec().getTemplate().getSpec();
            pod.setNodeSelector(Map.of("pool", "cheap"));
            pod.getContainers().getFirst().getEnv().add(new EnvVar("JAVA_TOOL_OPTIONS", "-agentlib:jdwp", null));
            return d;
        }));
        retryOnConflict(() -> client.network().v1().networkPolicies().inNamespace(ns).withName("kept").edit(p -> {
            p.getSpec().getIngress().getFirst().getFrom().add(new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                    .endNamespaceSelector().build());
            return p;
        }));
        retryOnConflict(() -> client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("kept").edit(b -> {
            b.getSpec().setMaxUnavailable(new IntOrString(0));
            return b;
        }));

        eventually().untilAsserted(() -> {
            assertThat(get(ConfigMap.class, ns, "kept-config").getData()).containsOnlyKeys("AUTOSHIP_SERVER_PORT");
            var pod = get(Deployment.class, ns, "kept").getSpec().getTemplate().getSpec();
            assertThat(pod.getNodeSelector()).isNullOrEmpty();
            assertThat(pod.getContainers().getFirst().getEnv()).isNullOrEmpty();
            assertThat(get(NetworkPolicy.class, ns, "kept").getSpec().getIngress().getFirst().getFrom()).hasSize(1);
            assertThat(get(PodDisruptionBudget.class, ns, "kept").getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        });
    }

    @Test
    void theBudgetLetsOnePodGoAtATimeWhateverTheCountAndNoneExistsForASinglePod() {
        String ns = namespace("budget");
        create(ns, "solo", spec(IMAGE).withReplicas(1).build());
        awaitResource(Deployment.class, ns, "solo");
        eventually().pollDelay(RESYNC).until(() -> true);
        assertThat(get(PodDisruptionBudget.class, ns, "solo")).isNull();

        edit(ns, "solo", spec -> spec.withAutoscaling(new AutoscalingSpec(2, 20, null)).build());
        eventually().untilAsserted(() -> {
            var budget = get(PodDisruptionBudget.class, ns, "solo");
            assertThat(budget).isNotNull();
            assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
            assertThat(budget.getSpec().getMinAvailable()).isNull();
            assertThat(budget.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
        });

        edit(ns, "solo", spec -> spec.withAutoscaling(new AutoscalingSpec(2, 20, null))
                .withDisruptionBudget(new DisruptionBudgetSpec(null, new IntOrString("25%"))).build());
        eventually().untilAsserted(() -> assertThat(get(PodDisruptionBudget.class, ns, "solo").getSpec()
                .getMaxUnavailable()).isEqualTo(new IntOrString("25%")));

        edit(ns, "solo", spec -> spec.withReplicas(1).build());
        eventually().untilAsserted(() -> assertThat(get(PodDisruptionBudget.class, ns, "solo")).isNull());
    }

    @Test
    void scalingAloneChangesNeitherReadyNorProgressingAndRecordsNoEvent() {
        String ns = namespace("scaling");
        create(ns, "elastic", spec(IMAGE).withAutoscaling(new AutoscalingSpec(2, 10, null)).build());
        awaitResource(Deployment.class, ns, "elastic");
        markDeploymentAvailable(ns, "elastic");
        eventually().untilAsserted(() -> {
            assertThat(condition(ns, "elastic", "Ready").getStatus()).isEqualTo("True");
            assertThat(condition(ns, "elastic", "Progressing").getStatus()).isEqualTo("False");
        });
        // settled: the informer has delivered the operator's own status writes
        eventually().pollDelay(RESYNC).until(() -> true);
        Condition ready = condition(ns, "elastic", "Ready");
        Condition progressing = condition(ns, "elastic", "Progressing");
        List<Event> before = events(ns, "elastic");

        // the autoscaler asks for 6 pods: 4 new ones of the current template are starting
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("elastic").edit(d -> {
            d.getSpec().setReplicas(6);
            return d;
        }));
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("elastic").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(6).withUpdatedReplicas(6).withReadyReplicas(2).withAvailableReplicas(2).build());
            return d;
        }));
        eventually().untilAsserted(() -> assertThat(cluster(ns, "elastic").getStatus().replicas()).isEqualTo(6));
        eventually().pollDelay(RESYNC).until(() -> true);

        assertThat(condition(ns, "elastic", "Ready")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getLastTransitionTime()).isEqualTo(ready.getLastTransitionTime());
        });
        assertThat(condition(ns, "elastic", "Progressing")).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getLastTransitionTime()).isEqualTo(progressing.getLastTransitionTime());
        });
        assertThat(cluster(ns, "elastic").getStatus().readyReplicas()).isEqualTo(2);
        assertThat(events(ns, "elastic")).hasSameSizeAs(before);
        assertThat(get(Deployment.class, ns, "elastic").getSpec().getReplicas()).isEqualTo(6);
    }

    @Test
    void anInvalidSpecKeepsReportingThePodsThatServe() {
        String ns = namespace("truthful");
        create(ns, "steady", spec(IMAGE).withReplicas(3).build());
        awaitResource(Deployment.class, ns, "steady");
        markDeploymentAvailable(ns, "steady");
        eventually().untilAsserted(() -> assertThat(condition(ns, "steady", "Ready").getStatus()).isEqualTo("True"));

        edit(ns, "steady", spec -> spec.withReplicas(3).withModel(new ModelSpec("PT0S", null, null, null, null, null))
                .build());
        eventually().untilAsserted(() -> {
            assertThat(condition(ns, "steady", "Degraded").getReason()).isEqualTo("InvalidSpec");
            assertThat(cluster(ns, "steady").getStatus().readyReplicas()).isEqualTo(3);
            assertThat(cluster(ns, "steady").getStatus().replicas()).isEqualTo(3);
            assertThat(cluster(ns, "steady").getStatus().image()).isEqualTo(IMAGE);
        });
    }

    @Test
    void aNameThatCannotNameEveryDependentIsRefusedAndNothingIsCreated() {
        String ns = namespace("names");
        // the API server's CEL rule refuses these names; the mock has none, so the operator's own check is seen
        for (String name : List.of("shop.v2", "a".repeat(64))) {
            create(ns, name, spec(IMAGE).build());
            eventually().untilAsserted(() -> {
                Condition degraded = condition(ns, name, "Degraded");
                assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
                assertThat(degraded.getMessage()).contains("metadata.name", "at most 63 characters", name);
            });
        }
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.services().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void aRolloutRestartIsNotUndone() {
        String ns = namespace("restart");
        create(ns, "rotated", spec(IMAGE).build());
        awaitResource(Deployment.class, ns, "rotated");

        // what `kubectl rollout restart` does, e.g. after a Secret the pods read was rotated
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("rotated").edit(d -> {
            d.getSpec().getTemplate().getMetadata().getAnnotations()
                    .put("kubectl.kubernetes.io/restartedAt", "2026-11-24T21:00:00Z");
            return d;
        }));
        eventually().pollDelay(RESYNC.multipliedBy(2)).until(() -> true);

        assertThat(get(Deployment.class, ns, "rotated").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-24T21:00:00Z")
                .containsKey(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION);
    }

    @Test
    void invalidSpecGetsAConditionNamingTheFieldAndCreatesNothing() {
        String ns = namespace("invalid");
        // the API server's CEL rule would refuse this; the mock has no CEL, so the operator must catch it too
        create(ns, "bad", spec(IMAGE).withAutoscaling(new AutoscalingSpec(5, 2, null))
                .withModel(new ModelSpec("forever", null, null, null, null, null)).build());

        eventually().untilAsserted(() -> {
            Condition degraded = condition(ns, "bad", "Degraded");
            assertThat(degraded.getStatus()).isEqualTo("True");
            assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
            assertThat(degraded.getMessage()).contains("spec.autoscaling.minReplicas (5)", "spec.model.cacheTtl");
            assertThat(condition(ns, "bad", "Ready").getStatus()).isEqualTo("False");
            assertThat(events(ns, "bad")).singleElement().satisfies(event -> {
                assertThat(event.getType()).isEqualTo("Warning");
                assertThat(event.getReason()).isEqualTo("InvalidSpec");
                assertThat(event.getMessage()).isEqualTo(degraded.getMessage());
                assertThat(event.getInvolvedObject().getUid()).isEqualTo(cluster(ns, "bad").getMetadata().getUid());
            });
        });
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.services().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();

        edit(ns, "bad", spec -> spec.withAutoscaling(new AutoscalingSpec(2, 5, null)).build());
        eventually().untilAsserted(() -> {
            assertThat(get(Deployment.class, ns, "bad")).isNotNull();
            assertThat(condition(ns, "bad", "Degraded").getStatus()).isEqualTo("False");
        });
    }

    @Test
    void apiErrorsAreReportedAsDegradedAndRetriedUntilTheyClear() {
        String ns = namespace("failing");
        api.failWrites("/namespaces/failing/services", 403);
        create(ns, "flaky", spec(IMAGE).build());
        eventually().untilAsserted(() -> {
            Condition degraded = condition(ns, "flaky", "Degraded");
            assertThat(degraded.getStatus()).isEqualTo("True");
            assertThat(degraded.getReason()).isEqualTo("ReconcileFailed");
            assertThat(degraded.getMessage()).contains("retrying", "injected failure");
        });
        // retries with the same error repeat neither the condition change nor the Event
        eventually().pollDelay(Duration.ofSeconds(5)).until(() -> true);
        assertThat(events(ns, "flaky")).extracting(Event::getType, Event::getReason)
                .containsExactly(tuple("Warning", "ReconcileFailed"));
        assertThat(get(Service.class, ns, "flaky")).isNull();

        api.healWrites();
        eventually().untilAsserted(() -> {
            assertThat(get(Service.class, ns, "flaky")).isNotNull();
            assertThat(condition(ns, "flaky", "Degraded").getStatus()).isEqualTo("False");
        });
    }

    @Test
    void anEventThatCannotBeWrittenDoesNotStopTheReconciliation() {
        String ns = namespace("mute");
        api.failWrites("/namespaces/mute/events", 403);
        try {
            create(ns, "quiet", spec(IMAGE).build());
            awaitResource(Deployment.class, ns, "quiet");
            markDeploymentAvailable(ns, "quiet");
            eventually().untilAsserted(() -> {
                assertThat(condition(ns, "quiet", "Ready").getStatus()).isEqualTo("True");
                assertThat(api.writesMentioning("/namespaces/mute/events")).isNotEmpty();
            });
            assertThat(condition(ns, "quiet", "Degraded").getStatus()).isEqualTo("False");
            assertThat(events(ns, "quiet")).isEmpty();
        } finally {
            api.healWrites();
        }
    }

    @Test
    void resyncOfAnUnchangedClusterWritesNothing() {
        String ns = namespace("noop");
        create(ns, "calm", spec(IMAGE).withAutoscaling(new AutoscalingSpec(2, 4, null)).withBackends()
                .withNetworkPolicy().build());
        awaitResource(HorizontalPodAutoscaler.class, ns, "calm");
        markDeploymentAvailable(ns, "calm");
        eventually().untilAsserted(() -> assertThat(condition(ns, "calm", "Ready").getStatus()).isEqualTo("True"));

        // let the first reconciliations after readiness settle, then watch three resync periods
        eventually().pollDelay(RESYNC).until(() -> true);
        api.forgetWrites();
        double before = reconciliationsStarted();
        int clusters = client.resources(PredictorCluster.class).inAnyNamespace().list().getItems().size();
        eventually().pollDelay(RESYNC.multipliedBy(3)).until(() -> true);
        // every cluster (this one included) was reconciled again in that time: the periodic resync ran
        assertThat(reconciliationsStarted() - before).isGreaterThanOrEqualTo(clusters);
        assertThat(api.writesMentioning("/namespaces/" + ns + "/")).isEmpty();
    }

    @Test
    void resyncWritesNothingWhenTheServerStoredTheValuesInItsCanonicalForm() {
        String ns = namespace("canonical");
        create(ns, "tidy", spec(IMAGE)
                .withResources(new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("0.5"))
                        .addToRequests("memory", new Quantity("1024Mi")).addToLimits("memory", new Quantity("1.5Gi"))
                        .build())
                .withExtraEnv(new EnvVar("FEATURE_FLAGS", "", null),
                        new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("MEMORY_LIMIT").withNewValueFrom().withNewResourceFieldRef()
                                .withResource("limits.memory").endResourceFieldRef().endValueFrom().build())
                .withScheduling(new SchedulingSpec(null, null, null, ""))
                .withService(new ServiceSpec(ServiceSpec.ServiceType.NodePort, 80))
                .withBackends()
                .withNetworkPolicy(new NetworkPolicySpec(List.of(new NetworkPolicyPeerBuilder().withNewPodSelector()
                        .endPodSelector().build()), new BackendEgressSpec(null, List.of(9200, 9300)), null))
                .build());
        awaitResource(Deployment.class, ns, "tidy");
        eventually().untilAsserted(() -> assertThat(condition(ns, "tidy", "Progressing").getStatus()).isEqualTo("True"));
        eventually().pollDelay(RESYNC).until(() -> true);

        // the mock already added the API server's defaults (ApiServerDefaults); what it also stores: canonical
        // quantities, no empty optional strings (Go's omitempty)
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("tidy").edit(d -> {
            var pod = d.getSpec().getTemplate().getSpec();
            pod.setPriorityClassName(null);
            Container container = pod.getContainers().getFirst();
            container.setResources(new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("500m"))
                    .addToRequests("memory", new Quantity("1Gi")).addToLimits("memory", new Quantity("1536Mi"))
                    .build());
            container.getEnv().forEach(env -> env.setValue(env.getValue() == null || env.getValue().isEmpty()
                    ? null : env.getValue()));
            return d;
        }));
        api.forgetWrites();
        eventually().pollDelay(RESYNC.multipliedBy(3)).until(() -> true);

        assertThat(api.writesMentioning("/namespaces/" + ns + "/")).isEmpty();
        var resources = get(Deployment.class, ns, "tidy").getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getResources();
        assertThat(resources.getRequests()).hasToString("{cpu=500m, memory=1Gi}");
        assertThat(resources.getLimits()).hasToString("{memory=1536Mi}");
        // the objects compared really carried the server's defaults
        Deployment stored = get(Deployment.class, ns, "tidy");
        assertThat(stored.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        Container container = stored.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getReadinessProbe().getSuccessThreshold()).isEqualTo(1);
        assertThat(container.getEnv()).filteredOn(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
                .singleElement().satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getApiVersion()).isEqualTo("v1"));
        assertThat(get(Service.class, ns, "tidy").getSpec()).satisfies(service -> {
            assertThat(service.getClusterIP()).isNotBlank();
            assertThat(service.getPorts().getFirst().getNodePort()).isPositive();
            assertThat(service.getSessionAffinity()).isEqualTo("None");
        });
    }

    private double reconciliationsStarted() {
        return registry.getMeters().stream()
                .filter(m -> m.getId().getName().contains("reconciliations.started") && m instanceof Counter)
                .mapToDouble(m -> ((Counter) m).count())
                .sum();
    }

    // ---- helpers ----

    private static ConditionFactory eventually() {
        return Awaitility.await().atMost(PATIENCE);
    }

    private String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    private void create(String ns, String name, PredictorClusterSpec spec) {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName(name);
        cluster.getMetadata().setNamespace(ns);
        cluster.setSpec(spec);
        client.resource(cluster).create();
    }

    private void edit(String ns, String name, Function<SpecBuilder, PredictorClusterSpec> change) {
        retryOnConflict(() -> client.resources(PredictorCluster.class).inNamespace(ns).withName(name).edit(c -> {
            c.setSpec(change.apply(spec(null)));
            return c;
        }));
    }

    /** The operator writes too (status, dependents): a test's read-modify-write may meet a 409 and tries again. */
    private static void retryOnConflict(Runnable write) {
        eventually().ignoreException(KubernetesClientException.class).until(() -> {
            write.run();
            return true;
        });
    }

    private PredictorCluster cluster(String ns, String name) {
        return client.resources(PredictorCluster.class).inNamespace(ns).withName(name).get();
    }

    private Condition condition(String ns, String name, String type) {
        PredictorCluster cluster = cluster(ns, name);
        assertThat(cluster.getStatus()).as("status of " + name).isNotNull();
        return cluster.getStatus().condition(type).orElseThrow(() -> new AssertionError("no " + type + " condition"));
    }

    private List<Event> events(String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
        return client.resources(type).inNamespace(ns).withName(name).get();
    }

    private <T extends HasMetadata> T awaitResource(Class<T> type, String ns, String name) {
        return eventually().until(() -> get(type, ns, name), r -> r != null);
    }

    private void markDeploymentAvailable(String ns, String name) {
        UnaryOperator<Deployment> available = d -> {
            int replicas = d.getSpec().getReplicas();
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas).build());
            return d;
        };
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName(name).editStatus(available));
    }

    /** What the Deployment controller shows once it has seen a new template: one new pod starting, the old serving. */
    private void markDeploymentRollingOut(String ns, String name) {
        UnaryOperator<Deployment> rolling = d -> {
            int replicas = d.getSpec().getReplicas();
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas + 1).withUpdatedReplicas(1).withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas).build());
            return d;
        };
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName(name).editStatus(rolling));
    }

    private static String checksum(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations()
                .get(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION);
    }

    private static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    private static SpecBuilder spec(String image) {
        return new SpecBuilder().withImage(image);
    }

    /** Test-only convenience for the many-field spec record. */
    static final class SpecBuilder {
        private String image;
        private Integer replicas;
        private AutoscalingSpec autoscaling;
        private ModelSpec model;
        private RedisSpec redis;
        private ElasticsearchSpec elasticsearch;
        private NetworkPolicySpec networkPolicy;
        private ResourceRequirements resources;
        private SchedulingSpec scheduling;
        private List<EnvVar> extraEnv;
        private DisruptionBudgetSpec disruptionBudget;
        private ServiceSpec service;

        SpecBuilder withImage(String value) {
            image = value;
            return this;
        }

        SpecBuilder withReplicas(int value) {
            replicas = value;
            return this;
        }

        SpecBuilder withAutoscaling(AutoscalingSpec value) {
            autoscaling = value;
            return this;
        }

        SpecBuilder withModel(ModelSpec value) {
            model = value;
            return this;
        }

        SpecBuilder withResources(ResourceRequirements value) {
            resources = value;
            return this;
        }

        SpecBuilder withScheduling(SchedulingSpec value) {
            scheduling = value;
            return this;
        }

        SpecBuilder withExtraEnv(EnvVar... values) {
            extraEnv = List.of(values);
            return this;
        }

        SpecBuilder withDisruptionBudget(DisruptionBudgetSpec value) {
            disruptionBudget = value;
            return this;
        }

        SpecBuilder withService(ServiceSpec value) {
            service = value;
            return this;
        }

        SpecBuilder withNetworkPolicy(NetworkPolicySpec value) {
            networkPolicy = value;
            return this;
        }

        SpecBuilder withBackends() {
            redis = new RedisSpec("redis://redis:6379/0", null, new SecretKeyRef("creds-redis", "password"), null,
                    null);
            elasticsearch = new ElasticsearchSpec("http://es:9200", "shipments", null, null,
                    new SecretKeyRef("creds-es", "api-key"), null);
            return this;
        }

        SpecBuilder withNetworkPolicy() {
            networkPolicy = new NetworkPolicySpec(List.of(new NetworkPolicyPeerBuilder().withNewPodSelector()
                    .addToMatchLabels("app", "shop").endPodSelector().build()), null, null);
            return this;
        }

        PredictorClusterSpec build() {
            return new PredictorClusterSpec(image, replicas, autoscaling, resources, redis, elasticsearch, model, null,
                    service, null, disruptionBudget, scheduling, networkPolicy, null, extraEnv, null);
        }
    }
}
