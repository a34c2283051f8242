package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.dependent.ConflictBackoff;
import dev.autoship.operator.dependent.DeploymentDependent;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The real JOSDK Operator, wired as in production, against kubernetes-server-mock in CRUD mode (with the generated
 * CRD and the API server stand-in), shared by the tests of a class; and what those tests do to it. The operator has
 * its own client, so its write requests can be told from the test's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OperatorOnMockApiServer {

    static final Duration RESYNC = Duration.ofSeconds(2);
    /** Generous: CI machines are small and shared; a passing condition returns as soon as it holds. */
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static final String IMAGE = "registry.example/autoship-predictor:1.2.3";
    static final String OPERATOR_AGENT = "autoship-operator-under-test";

    MockApiServer api;
    /** The test's own client (not the operator's). */
    NamespacedKubernetesClient client;
    PredictorOperator operator;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KubernetesSerialization json = new KubernetesSerialization();

    @BeforeAll
    void startOperator() throws Exception {
        api = new MockApiServer();
        client = api.client();
        operator = PredictorOperator.create(api.newClient(OPERATOR_AGENT), settings(), registry, Clock.systemUTC());
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

    /** How the operator under test is configured: all namespaces, no leader election, a short resync. */
    OperatorSettings settings() {
        return new OperatorSettings(Set.of(), false, "autoship-operator", Optional.empty(), 0, RESYNC,
                ConflictBackoff.DEFAULT);
    }

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(PATIENCE);
    }

    String namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    void create(String ns, String name, PredictorClusterSpec spec) {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName(name);
        cluster.getMetadata().setNamespace(ns);
        cluster.setSpec(spec);
        client.resource(cluster).create();
    }

    void edit(String ns, String name, Function<SpecBuilder, PredictorClusterSpec> change) {
        retryOnConflict(() -> client.resources(PredictorCluster.class).inNamespace(ns).withName(name).edit(c -> {
            c.setSpec(change.apply(spec(null)));
            return c;
        }));
    }

    /**
     * Makes the operator reconcile {@code name} once more, with a spec change that changes nothing it makes (a
     * default stated, or a stated default left out), and waits until the status says that generation was seen. A
     * negative assertion after this is made after a reconciliation that could have broken it.
     */
    void reconcileUnchanged(String ns, String name) {
        PredictorCluster current = cluster(ns, name);
        ObjectNode spec = json.convertValue(current.specOrEmpty(), ObjectNode.class);
        SameMeaning.toggle(spec);
        PredictorClusterSpec changed = json.convertValue(spec, PredictorClusterSpec.class);
        retryOnConflict(() -> client.resources(PredictorCluster.class).inNamespace(ns).withName(name).edit(c -> {
            c.setSpec(changed);
            return c;
        }));
        long generation = cluster(ns, name).getMetadata().getGeneration();
        assertThat(generation).as("the change reached the API server").isGreaterThan(
                current.getMetadata().getGeneration());
        eventually().untilAsserted(() -> assertThat(cluster(ns, name).getStatus().observedGeneration())
                .isEqualTo(generation));
    }

    /** Write requests of the operator (not of the test) to objects in {@code ns}. */
    List<String> operatorWrites(String ns) {
        return api.writesBy(OPERATOR_AGENT, "/namespaces/" + ns + "/");
    }

    /** The operator writes too (status, dependents): a test's read-modify-write may meet a 409 and tries again. */
    static void retryOnConflict(Runnable write) {
        eventually().ignoreException(KubernetesClientException.class).until(() -> {
            write.run();
            return true;
        });
    }

    PredictorCluster cluster(String ns, String name) {
        return client.resources(PredictorCluster.class).inNamespace(ns).withName(name).get();
    }

    Condition condition(String ns, String name, String type) {
        PredictorCluster cluster = cluster(ns, name);
        assertThat(cluster.getStatus()).as("status of " + name).isNotNull();
        return cluster.getStatus().condition(type).orElseThrow(() -> new AssertionError("no " + type + " condition"));
    }

    List<Event> events(String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    <T extends HasMetadata> T get(Class<T> type, String ns, String name) {
        return client.resources(type).inNamespace(ns).withName(name).get();
    }

    <T extends HasMetadata> T awaitResource(Class<T> type, String ns, String name) {
        return eventually().until(() -> get(type, ns, name), r -> r != null);
    }

    /** Waits until the status describes the current generation: the first reconciliation of it is complete. */
    void awaitObserved(String ns, String name) {
        eventually().untilAsserted(() -> {
            PredictorCluster cluster = cluster(ns, name);
            assertThat(cluster.getStatus()).as("status of " + name).isNotNull();
            assertThat(cluster.getStatus().observedGeneration()).isEqualTo(cluster.getMetadata().getGeneration());
        });
    }

    void markDeploymentAvailable(String ns, String name) {
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
    void markDeploymentRollingOut(String ns, String name) {
        UnaryOperator<Deployment> rolling = d -> {
            int replicas = d.getSpec().getReplicas();
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas + 1).withUpdatedReplicas(1).withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas).build());
            return d;
        };
        retryOnConflict(() -> client.apps().deployments().inNamespace(ns).withName(name).editStatus(rolling));
    }

    static String checksum(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getAnnotations()
                .get(DeploymentDependent.CONFIG_CHECKSUM_ANNOTATION);
    }

    static String image(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    }

    static SpecBuilder spec(String image) {
        return new SpecBuilder().withImage(image);
    }
}
