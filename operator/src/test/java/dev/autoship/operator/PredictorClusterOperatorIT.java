package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.autoship.operator.crd.AutoscalingSpec;
import dev.autoship.operator.crd.DisruptionBudgetSpec;
import dev.autoship.operator.crd.ModelSpec;
import dev.autoship.operator.crd.MonitoringSpec;
import dev.autoship.operator.crd.NetworkPolicySpec;
import dev.autoship.operator.crd.PodMonitorSettings;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.RolloutSpec;
import dev.autoship.operator.crd.SchedulingSpec;
import dev.autoship.operator.crd.ServiceSpec;
import dev.autoship.operator.crd.TlsSpec;
import dev.autoship.operator.dependent.ClusterMetadata;
import dev.autoship.operator.dependent.DeploymentDependent;
import dev.autoship.operator.dependent.DesiredState;
import dev.autoship.operator.monitoring.PodMonitor;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The real JOSDK Operator, wired as in production, against kubernetes-server-mock in CRUD mode. */
class PredictorClusterOperatorIT extends OperatorOnMockApiServer {

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
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
        assertThat(container.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
                .containsExactly("http=8080", "management=9090");
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
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getName() + "=" + p.getPort() + "->"
                + p.getTargetPort().getStrVal()).containsExactly("http=8080->http", "management=9090->management");
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
                .withModel(new ModelSpec("PT1H", null, "P30D", 10, 100, null, null, null, null)).build());
        eventually().untilAsserted(() -> {
            assertThat(get(ConfigMap.class, ns, "web-config").getData())
                    .containsEntry("AUTOSHIP_MODEL_CACHE_TTL", "PT1H")
                    .containsEntry("AUTOSHIP_HISTORY_WINDOW", "P30D");
            assertThat(checksum(get(Deployment.class, ns, "web"))).isNotEqualTo(firstChecksum);
        });

        edit(ns, "web", spec -> spec.withAutoscaling(new AutoscalingSpec(3, 8, 60, null, null)).build());
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
        edit(ns, "web", spec -> spec.withAutoscaling(new AutoscalingSpec(3, 8, 60, null, null))
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
                .withModel(new ModelSpec("PT1H", 50, "P30D", 10, 100, 1, null, null, null))
                .withExtraEnv(new EnvVar("KEEP", "1", null), new EnvVar("DROP", "2", null))
                .withScheduling(new SchedulingSpec(Map.of("pool", "predictors", "disk", "ssd"), null, affinity, "high"))
                .withNetworkPolicy(new NetworkPolicySpec(List.of(shop, revoked), null, null, null, null))
                .build());
        awaitResource(ConfigMap.class, ns, "lean-config");
        awaitResource(NetworkPolicy.class, ns, "lean");
        eventually().untilAsserted(() -> {
            assertThat(get(ConfigMap.class, ns, "lean-config").getData()).containsKeys("AUTOSHIP_MODEL_CACHE_TTL",
                    "AUTOSHIP_REDIS_URL");
            assertThat(get(NetworkPolicy.class, ns, "lean").getSpec().getIngress().getFirst().getFrom()).hasSize(2);
        });

        edit(ns, "lean", spec -> spec
                .withExtraEnv(new EnvVar("KEEP", "1", null))
                .withScheduling(new SchedulingSpec(Map.of("pool", "predictors"), null, null, null))
                .withNetworkPolicy(new NetworkPolicySpec(List.of(shop), null, null, null, null))
                .build());

        eventually().untilAsserted(() -> {
            assertThat(get(ConfigMap.class, ns, "lean-config").getData()).containsOnlyKeys("AUTOSHIP_SERVER_PORT",
                    "AUTOSHIP_MANAGEMENT_PORT", "AUTOSHIP_CLUSTER_NAME");
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
            assertThat(get(ConfigMap.class, ns, "kept-config").getData()).containsOnlyKeys("AUTOSHIP_SERVER_PORT",
                    "AUTOSHIP_MANAGEMENT_PORT", "AUTOSHIP_CLUSTER_NAME");
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
        // the status is written after the workflow ran: a budget it wanted would exist by now
        awaitObserved(ns, "solo");
        reconcileUnchanged(ns, "solo");
        assertThat(get(PodDisruptionBudget.class, ns, "solo")).isNull();

        edit(ns, "solo", spec -> spec.withAutoscaling(new AutoscalingSpec(2, 20, null, null, null)).build());
        eventually().untilAsserted(() -> {
            var budget = get(PodDisruptionBudget.class, ns, "solo");
            assertThat(budget).isNotNull();
            assertThat(budget.getSpec().getMaxUnavailable()).isEqualTo(new IntOrString(1));
            assertThat(budget.getSpec().getMinAvailable()).isNull();
            assertThat(budget.getSpec().getUnhealthyPodEvictionPolicy()).isEqualTo("AlwaysAllow");
        });

        edit(ns, "solo", spec -> spec.withAutoscaling(new AutoscalingSpec(2, 20, null, null, null))
                .withDisruptionBudget(new DisruptionBudgetSpec(null, new IntOrString("25%"))).build());
        eventually().untilAsserted(() -> assertThat(get(PodDisruptionBudget.class, ns, "solo").getSpec()
                .getMaxUnavailable()).isEqualTo(new IntOrString("25%")));

        edit(ns, "solo", spec -> spec.withReplicas(1).build());
        eventually().untilAsserted(() -> assertThat(get(PodDisruptionBudget.class, ns, "solo")).isNull());
    }

    @Test
    void scalingAloneChangesNeitherReadyNorProgressingAndRecordsNoEvent() {
        String ns = namespace("scaling");
        create(ns, "elastic", spec(IMAGE).withAutoscaling(new AutoscalingSpec(2, 10, null, null, null)).build());
        awaitResource(Deployment.class, ns, "elastic");
        markDeploymentAvailable(ns, "elastic");
        eventually().untilAsserted(() -> {
            assertThat(condition(ns, "elastic", "Ready").getStatus()).isEqualTo("True");
            assertThat(condition(ns, "elastic", "Progressing").getStatus()).isEqualTo("False");
        });
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
        // the reconciliation that saw the new counts wrote them; the conditions come from the same one
        eventually().untilAsserted(() -> assertThat(cluster(ns, "elastic").getStatus().replicas()).isEqualTo(6));
        reconcileUnchanged(ns, "elastic");

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

        edit(ns, "steady", spec -> spec.withReplicas(3).withModel(new ModelSpec("PT0S", null, null, null, null, null, null, null, null))
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
    void platformFieldsReachTheClusterAndLeaveItWhenRemovedFromTheSpec() {
        String ns = namespace("platform");
        var serialization = client.getKubernetesSerialization();
        AutoscalingSpec byRequestRate = serialization.unmarshal("""
                {"minReplicas": 2, "maxReplicas": 6,
                 "metrics": [{"type": "Pods", "pods": {"metric": {"name": "autoship_http_requests_per_second"},
                              "target": {"type": "AverageValue", "averageValue": "50"}}}],
                 "behavior": {"scaleDown": {"stabilizationWindowSeconds": 600}}}""", AutoscalingSpec.class);
        TlsSpec privateCa = serialization.unmarshal("{\"caBundle\": {\"configMap\": {\"name\": \"ca\", \"key\": \"ca.crt\"}}}",
                TlsSpec.class);
        var monitoring = new NetworkPolicyPeerBuilder().withNewNamespaceSelector()
                .addToMatchLabels("kubernetes.io/metadata.name", "monitoring").endNamespaceSelector().build();
        var clients = List.of(new NetworkPolicyPeerBuilder().withNewPodSelector().addToMatchLabels("app", "shop")
                .endPodSelector().build());
        create(ns, "wired", spec(IMAGE).withAutoscaling(byRequestRate).withTls(privateCa)
                .withIdentity("registry", "predictor").withPodLabels(Map.of("team", "shipping"))
                .withService(new ServiceSpec(null, null, Map.of("lb/internal", "true", "mesh/inject", "true"), null))
                .withNetworkPolicy(new NetworkPolicySpec(clients, null, null, List.of(monitoring), null))
                .build());
        awaitResource(HorizontalPodAutoscaler.class, ns, "wired");
        awaitResource(NetworkPolicy.class, ns, "wired");
        retryOnConflict(() -> client.services().inNamespace(ns).withName("wired").edit(svc -> {
            svc.getMetadata().getAnnotations().put("cloud.example/load-balancer-id", "lb-1");
            return svc;
        }));
        eventually().untilAsserted(() -> {
            var pod = get(Deployment.class, ns, "wired").getSpec().getTemplate();
            assertThat(pod.getSpec().getImagePullSecrets()).extracting(LocalObjectReference::getName)
                    .containsExactly("registry");
            assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("predictor");
            assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
            assertThat(pod.getMetadata().getLabels()).containsEntry("team", "shipping");
            assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).contains("trusted-ca");
            assertThat(get(ConfigMap.class, ns, "wired-config").getData()).containsKey("AUTOSHIP_TRUSTED_CA_FILE");
            var hpa = get(HorizontalPodAutoscaler.class, ns, "wired").getSpec();
            assertThat(hpa.getMetrics()).singleElement()
                    .satisfies(m -> assertThat(m.getPods().getMetric().getName()).isEqualTo("autoship_http_requests_per_second"));
            // the mock, as an API server, filled in the rest of the behavior
            assertThat(hpa.getBehavior().getScaleUp().getPolicies()).isNotEmpty();
            assertThat(get(Service.class, ns, "wired").getMetadata().getAnnotations())
                    .containsEntry("lb/internal", "true").containsEntry("mesh/inject", "true");
            assertThat(get(NetworkPolicy.class, ns, "wired").getSpec().getIngress()).hasSize(2);
        });
        awaitObserved(ns, "wired");
        api.forgetWrites();
        reconcileUnchanged(ns, "wired");
        assertThat(operatorWrites(ns)).as("writes of a reconciliation that changes nothing")
                .containsExactly("PATCH /apis/autoship.dev/v1alpha1/namespaces/" + ns + "/predictorclusters/wired/status");

        edit(ns, "wired", spec -> spec.withAutoscaling(new AutoscalingSpec(2, 6, null, byRequestRate.metrics(), null))
                .withService(new ServiceSpec(null, null, Map.of("lb/internal", "true"), null))
                .withNetworkPolicy(new NetworkPolicySpec(clients, null, null, null, null))
                .build());
        eventually().untilAsserted(() -> {
            var pod = get(Deployment.class, ns, "wired").getSpec().getTemplate();
            assertThat(pod.getSpec().getImagePullSecrets()).isNullOrEmpty();
            assertThat(pod.getSpec().getServiceAccountName()).isNull();
            assertThat(pod.getMetadata().getLabels()).doesNotContainKey("team");
            assertThat(pod.getSpec().getVolumes()).extracting(v -> v.getName()).doesNotContain("trusted-ca");
            assertThat(get(ConfigMap.class, ns, "wired-config").getData()).doesNotContainKey("AUTOSHIP_TRUSTED_CA_FILE");
            assertThat(get(HorizontalPodAutoscaler.class, ns, "wired").getSpec().getBehavior()).isNull();
            assertThat(get(Service.class, ns, "wired").getMetadata().getAnnotations())
                    .containsEntry("lb/internal", "true").doesNotContainKey("mesh/inject")
                    .containsEntry("cloud.example/load-balancer-id", "lb-1");
            assertThat(get(NetworkPolicy.class, ns, "wired").getSpec().getIngress()).hasSize(1);
        });
    }

    @Test
    void aPodMonitorScrapesThePredictorPodsWhileTheSpecAsksForOne() {
        String ns = namespace("scraped");
        create(ns, "watched", spec(IMAGE).withMonitoring(new MonitoringSpec(
                new PodMonitorSettings("30s", "10s", Map.of("release", "prometheus")))).build());
        eventually().untilAsserted(() -> {
            PodMonitor monitor = get(PodMonitor.class, ns, "watched");
            assertThat(monitor).isNotNull();
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
            assertThat(monitor.getSpec().selector().getMatchLabels())
                    .isEqualTo(ClusterMetadata.selectorLabels(cluster(ns, "watched")));
            assertThat(monitor.getSpec().podMetricsEndpoints()).singleElement().satisfies(endpoint -> {
                assertThat(endpoint.port()).isEqualTo("management");
                assertThat(endpoint.path()).isEqualTo("/observe/metrics");
                assertThat(endpoint.interval()).isEqualTo("30s");
            });
            assertThat(monitor.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getName()).isEqualTo("watched"));
        });

        edit(ns, "watched", spec -> spec.build());
        eventually().untilAsserted(() -> assertThat(get(PodMonitor.class, ns, "watched")).isNull());
    }

    @Test
    void aRolloutRestartIsNotUndoneByLaterUpdatesOfTheDeployment() {
        String ns = namespace("restart");
        create(ns, "rotated", spec(IMAGE).build());
        awaitResource(Deployment.class, ns, "rotated");
        awaitObserved(ns, "rotated");

        // what `kubectl rollout restart` does, e.g. after a Secret the pods read was rotated
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName("rotated").edit(d -> {
            d.getSpec().getTemplate().getMetadata().getAnnotations()
                    .put("kubectl.kubernetes.io/restartedAt", "2026-11-24T21:00:00Z");
            return d;
        }));
        var restarted = get(Deployment.class, ns, "rotated").getSpec().getTemplate();
        reconcileUnchanged(ns, "rotated");
        assertThat(get(Deployment.class, ns, "rotated").getSpec().getTemplate()).isEqualTo(restarted);

        // a change of the Deployment outside its pod template: the operator replaces the Deployment's spec, and must
        // not take the annotation away (that would change the template and roll the pods a second time)
        edit(ns, "rotated", spec -> spec.withImage(IMAGE).withRollout(new RolloutSpec(new IntOrString(2), null, null))
                .build());
        eventually().untilAsserted(() -> assertThat(get(Deployment.class, ns, "rotated").getSpec().getStrategy()
                .getRollingUpdate().getMaxSurge()).isEqualTo(new IntOrString(2)));
        assertThat(get(Deployment.class, ns, "rotated").getSpec().getTemplate()).isEqualTo(restarted);

        // a new image rolls the pods anyway; the annotation stays, as kubectl's own annotations do
        edit(ns, "rotated", spec -> spec.withImage("registry.example/autoship-predictor:1.2.4").build());
        eventually().untilAsserted(() -> assertThat(image(get(Deployment.class, ns, "rotated")))
                .isEqualTo("registry.example/autoship-predictor:1.2.4"));
        assertThat(get(Deployment.class, ns, "rotated").getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("kubectl.kubernetes.io/restartedAt", "2026-11-24T21:00:00Z")
                .containsKey(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION);
    }

    @Test
    void aServiceTurnedLoadBalancerLosesItsManagementPortAndGetsItBackAsClusterIp() {
        String ns = namespace("exposed");
        create(ns, "edge", spec(IMAGE).build());
        assertThat(awaitResource(Service.class, ns, "edge").getSpec().getPorts())
                .extracting(p -> p.getName()).containsExactly("http", "management");

        edit(ns, "edge", spec -> spec.withImage(IMAGE)
                .withService(new ServiceSpec(ServiceSpec.ServiceType.LoadBalancer, null, null, null)).build());
        eventually().untilAsserted(() -> {
            Service service = get(Service.class, ns, "edge");
            assertThat(service.getSpec().getType()).isEqualTo("LoadBalancer");
            assertThat(service.getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("http");
        });

        edit(ns, "edge", spec -> spec.withImage(IMAGE).withService(null).build());
        eventually().untilAsserted(() -> assertThat(get(Service.class, ns, "edge").getSpec().getPorts())
                .extracting(p -> p.getName()).containsExactly("http", "management"));
    }

    @Test
    void removingEveryLabelAndAnnotationFromTheSpecRemovesThemAndKeepsOthers() {
        String ns = namespace("unlabel");
        create(ns, "tagged", spec(IMAGE)
                .withService(new ServiceSpec(null, null, Map.of("lb/internal", "true"), Map.of("team", "shipping")))
                .withPodLabels(Map.of("team", "shipping")).withPodAnnotations(Map.of("mesh/inject", "true"))
                .withMonitoring(new MonitoringSpec(new PodMonitorSettings(null, null, Map.of("release", "prom"))))
                .build());
        eventually().untilAsserted(() -> {
            assertThat(get(Service.class, ns, "tagged").getMetadata().getLabels()).containsKey("team");
            assertThat(get(PodMonitor.class, ns, "tagged")).isNotNull();
        });
        retryOnConflict(() -> client.services().inNamespace(ns).withName("tagged").edit(svc -> {
            svc.getMetadata().getAnnotations().put("cloud.example/load-balancer-id", "lb-1");
            return svc;
        }));

        edit(ns, "tagged", spec -> spec.withImage(IMAGE)
                .withMonitoring(new MonitoringSpec(new PodMonitorSettings(null, null, null))).build());

        eventually().untilAsserted(() -> {
            var service = get(Service.class, ns, "tagged").getMetadata();
            assertThat(service.getLabels()).isEqualTo(ClusterMetadata.labels(cluster(ns, "tagged")));
            assertThat(service.getAnnotations()).doesNotContainKey("lb/internal")
                    .containsEntry("cloud.example/load-balancer-id", "lb-1");
            var template = get(Deployment.class, ns, "tagged").getSpec().getTemplate().getMetadata();
            assertThat(template.getLabels()).isEqualTo(ClusterMetadata.labels(cluster(ns, "tagged")));
            assertThat(template.getAnnotations()).containsOnlyKeys(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION);
            assertThat(get(PodMonitor.class, ns, "tagged").getMetadata().getLabels())
                    .isEqualTo(ClusterMetadata.labels(cluster(ns, "tagged")));
        });
    }

    @Test
    void everyAnnotationRemovedByHandIsPutBack() {
        String ns = namespace("bare");
        create(ns, "stripped", spec(IMAGE).build());
        awaitResource(ConfigMap.class, ns, "stripped-config");
        awaitObserved(ns, "stripped");

        // one JSON-patch operation removes the whole map
        retryOnConflict(() -> client.configMaps().inNamespace(ns).withName("stripped-config").edit(c -> {
            c.getMetadata().setAnnotations(null);
            return c;
        }));

        eventually().untilAsserted(() -> assertThat(get(ConfigMap.class, ns, "stripped-config").getMetadata()
                .getAnnotations()).containsKey(DesiredState.ANNOTATION));
    }

    @Test
    void aDependentStrippedOfEveryLabelIsTakenBackInsteadOfFailingForever() {
        String ns = namespace("unseen");
        // an invalid spec first, so the operator makes nothing while the test puts the stripped Service in place
        create(ns, "hidden", spec(IMAGE).withModel(new ModelSpec("PT0S", null, null, null, null, null, null, null, null))
                .build());
        eventually().untilAsserted(() -> assertThat(condition(ns, "hidden", "Degraded").getReason())
                .isEqualTo("InvalidSpec"));
        // the operator's Service after someone removed all its labels: its informer (selecting by label) cannot see it
        PredictorCluster owner = cluster(ns, "hidden");
        client.resource(new ServiceBuilder().withNewMetadata().withName("hidden").withNamespace(ns)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind()).withName("hidden").withUid(owner.getMetadata().getUid())
                        .withController(true).build())
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();

        edit(ns, "hidden", spec -> spec.withImage(IMAGE).build());

        eventually().untilAsserted(() -> {
            assertThat(get(Service.class, ns, "hidden").getMetadata().getLabels())
                    .containsAllEntriesOf(ClusterMetadata.labels(owner));
            assertThat(get(Service.class, ns, "hidden").getSpec().getPorts()).extracting(port -> port.getPort())
                    .containsExactly(8080, 9090);
            assertThat(condition(ns, "hidden", "Degraded").getStatus()).isEqualTo("False");
        });
    }

    @Test
    void invalidSpecGetsAConditionNamingTheFieldAndCreatesNothing() {
        String ns = namespace("invalid");
        // the API server's CEL rule would refuse this; the mock has no CEL, so the operator must catch it too
        create(ns, "bad", spec(IMAGE).withAutoscaling(new AutoscalingSpec(5, 2, null, null, null))
                .withModel(new ModelSpec("forever", null, null, null, null, null, null, null, null)).build());

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

        edit(ns, "bad", spec -> spec.withAutoscaling(new AutoscalingSpec(2, 5, null, null, null)).build());
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
        // retries with the same error repeat neither the condition change nor the Event: two more retries seen
        int attempts = api.writesBy(OPERATOR_AGENT, "/namespaces/failing/services").size();
        eventually().untilAsserted(() -> assertThat(api.writesBy(OPERATOR_AGENT, "/namespaces/failing/services"))
                .hasSizeGreaterThanOrEqualTo(attempts + 2));
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
    void reconcilingAnUnchangedClusterWritesOnlyTheNewObservedGeneration() {
        String ns = namespace("noop");
        create(ns, "calm", spec(IMAGE).withAutoscaling(new AutoscalingSpec(2, 4, null, null, null)).withBackends()
                .withNetworkPolicy().build());
        awaitResource(HorizontalPodAutoscaler.class, ns, "calm");
        markDeploymentAvailable(ns, "calm");
        eventually().untilAsserted(() -> assertThat(condition(ns, "calm", "Ready").getStatus()).isEqualTo("True"));

        api.forgetWrites();
        reconcileUnchanged(ns, "calm");

        assertThat(operatorWrites(ns)).containsExactly(
                "PATCH /apis/autoship.dev/v1alpha1/namespaces/" + ns + "/predictorclusters/calm/status");
    }

    @Test
    void valuesTheServerStoresInAnotherFormAreWrittenInThatFormSoNothingIsWrittenAgain() {
        String ns = namespace("canonical");
        create(ns, "tidy", client.getKubernetesSerialization().unmarshal("""
                {"image": "%s",
                 "autoscaling": {"minReplicas": 2, "maxReplicas": 4,
                   "metrics": [
                     {"type": "Pods", "pods": {"metric": {"name": "rps"}, "target": {"type": "AverageValue", "averageValue": "1000"}}},
                     {"type": "Object", "object": {"metric": {"name": "queue"}, "target": {"type": "Value", "value": "0.5"},
                                                   "describedObject": {"apiVersion": "v1", "kind": "Service", "name": "queue"}}},
                     {"type": "External", "external": {"metric": {"name": "backlog", "selector": {"matchLabels": {"queue": ""}}},
                                                       "target": {"type": "AverageValue", "averageValue": "1024Mi"}}}]},
                 "resources": {"requests": {"cpu": "0.5", "memory": "1024Mi", "ephemeral-storage": "100u"},
                               "limits": {"cpu": "1.0005", "memory": "1.5Gi"}},
                 "extraEnv": [{"name": "FEATURE_FLAGS", "value": ""},
                              {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                              {"name": "MEMORY_LIMIT", "valueFrom": {"resourceFieldRef": {"resource": "limits.memory", "divisor": "1024Ki"}}}],
                 "scheduling": {"priorityClassName": "", "tolerations": [{"key": "", "operator": "Exists", "effect": ""}]},
                 "serviceAccountName": "",
                 "service": {"type": "NodePort", "port": 80},
                 "elasticsearch": {"url": "http://es:9200"},
                 "networkPolicy": {"clients": [{"podSelector": {}}], "elasticsearch": {"ports": [9200, 9300]}}}
                """.formatted(IMAGE), PredictorClusterSpec.class));
        awaitResource(HorizontalPodAutoscaler.class, ns, "tidy");
        awaitObserved(ns, "tidy");

        api.forgetWrites();
        reconcileUnchanged(ns, "tidy");

        assertThat(operatorWrites(ns)).containsExactly(
                "PATCH /apis/autoship.dev/v1alpha1/namespaces/" + ns + "/predictorclusters/tidy/status");
        // what the compared objects held: the stand-in's canonical forms and the API server's defaults
        Deployment stored = get(Deployment.class, ns, "tidy");
        Container container = stored.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(new TreeMap<>(container.getResources().getRequests())).hasToString(
                "{cpu=500m, ephemeral-storage=1m, memory=1Gi}");
        assertThat(new TreeMap<>(container.getResources().getLimits())).hasToString("{cpu=1001m, memory=1536Mi}");
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("FEATURE_FLAGS", null));
        assertThat(stored.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(container.getEnv()).filteredOn(e -> e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null)
                .singleElement().satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getApiVersion()).isEqualTo("v1"));
        assertThat(get(HorizontalPodAutoscaler.class, ns, "tidy").getSpec().getMetrics())
                .extracting(m -> m.getPods() != null ? m.getPods().getTarget().getAverageValue().toString()
                        : m.getObject() != null ? m.getObject().getTarget().getValue().toString()
                        : m.getExternal().getTarget().getAverageValue().toString())
                .containsExactly("1k", "500m", "1Gi");
        assertThat(get(Service.class, ns, "tidy").getSpec()).satisfies(service -> {
            assertThat(service.getClusterIP()).isNotBlank();
            assertThat(service.getPorts().getFirst().getNodePort()).isPositive();
            assertThat(service.getSessionAffinity()).isEqualTo("None");
        });
    }
}
