package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import dev.autoship.operator.crd.RolloutSpec;
import dev.autoship.operator.crd.SchedulingSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The predictor pods: the public port and the management port, probes on the predictor's health endpoints (on the
 * management port), graceful drain, restricted security context.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ClusterMetadata.MANAGED_SELECTOR))
public class DeploymentDependent extends ConvergingDependent<Deployment> {

    public static final String CONFIG_CHECKSUM_ANNOTATION = "autoship.dev/config-checksum";
    static final String KUBECTL_ANNOTATION_PREFIX = "kubectl.kubernetes.io/";
    /** Time for endpoint controllers and kube-proxy to stop sending traffic before SIGTERM. */
    static final long PRE_STOP_SECONDS = 5;
    static final long NON_ROOT_ID = 65532;
    private static final String POD = "/spec/template/spec";
    private static final String CONTAINER = POD + "/containers/0";

    public DeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment build(PredictorCluster cluster, Context<PredictorCluster> context) {
        PredictorClusterSpec spec = cluster.specOrEmpty();
        RolloutSpec rollout = spec.rolloutOrDefault();
        PredictorEnvironment environment = PredictorEnvironment.of(cluster);
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        if (spec.podAnnotations() != null) {
            podAnnotations.putAll(spec.podAnnotations());
        }
        podAnnotations.put(CONFIG_CHECKSUM_ANNOTATION, environment.checksum());
        return new DeploymentBuilder()
                .withMetadata(ClusterMetadata.of(cluster, cluster.getMetadata().getName()))
                .withNewSpec()
                .withReplicas(replicas(spec, context))
                .withNewSelector().withMatchLabels(ClusterMetadata.selectorLabels(cluster)).endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(rollout.maxSurgeOrDefault())
                .withMaxUnavailable(rollout.maxUnavailableOrDefault())
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(podLabels(cluster, spec))
                .withAnnotations(podAnnotations)
                .endMetadata()
                .withSpec(podSpec(cluster, spec, environment))
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Hand additions there are reverted; an API server adds no defaults inside them. */
    @Override
    protected List<String> ownedPaths() {
        return List.of("/spec/selector", "/spec/template/metadata/labels",
                POD + "/nodeSelector", POD + "/tolerations", POD + "/affinity", POD + "/topologySpreadConstraints",
                POD + "/securityContext", POD + "/volumes", POD + "/imagePullSecrets",
                CONTAINER + "/env", CONTAINER + "/envFrom", CONTAINER + "/volumeMounts", CONTAINER + "/ports",
                CONTAINER + "/securityContext", CONTAINER + "/resources");
    }

    /**
     * kubectl's annotations on the pod template ({@code kubectl rollout restart} writes
     * {@value #KUBECTL_ANNOTATION_PREFIX}restartedAt) stay when the operator replaces the Deployment's spec: dropping
     * one would change the template and roll the pods again.
     */
    @Override
    protected Deployment keepingOthersValues(Deployment actual, Deployment desired) {
        var current = actual.getSpec() == null || actual.getSpec().getTemplate() == null
                || actual.getSpec().getTemplate().getMetadata() == null ? null
                : actual.getSpec().getTemplate().getMetadata().getAnnotations();
        if (current != null) {
            var annotations = desired.getSpec().getTemplate().getMetadata().getAnnotations();
            current.forEach((key, value) -> {
                if (key.startsWith(KUBECTL_ANNOTATION_PREFIX)) {
                    annotations.putIfAbsent(key, value);
                }
            });
        }
        return desired;
    }

    /** The replica count follows the autoscaler while there is one; the matcher compares it as a value. */
    @Override
    protected List<String> unhashedPaths() {
        return List.of("/spec/replicas");
    }

    /** The spec's pod labels and the operator's own (validation refuses the spec setting those). */
    private static Map<String, String> podLabels(PredictorCluster cluster, PredictorClusterSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (spec.podLabels() != null) {
            labels.putAll(spec.podLabels());
        }
        labels.putAll(ClusterMetadata.labels(cluster));
        return labels;
    }

    /** While an autoscaler owns the count, keep whatever it chose so an update never resets it. */
    private static int replicas(PredictorClusterSpec spec, Context<PredictorCluster> context) {
        if (spec.autoscaling() == null) {
            return spec.replicaFloor();
        }
        return context.getSecondaryResource(Deployment.class)
                .map(existing -> existing.getSpec().getReplicas())
                .filter(current -> current != null && current >= spec.autoscaling().minReplicas()
                        && current <= spec.autoscaling().maxReplicas())
                .orElse(spec.autoscaling().minReplicas());
    }

    private static PodSpec podSpec(PredictorCluster cluster, PredictorClusterSpec spec,
            PredictorEnvironment environment) {
        SchedulingSpec scheduling = spec.schedulingOrDefault();
        long grace = spec.rolloutOrDefault().shutdownGraceOrDefault().toSeconds();
        PodSpecBuilder pod = new PodSpecBuilder()
                .withAutomountServiceAccountToken(spec.automountServiceAccountTokenOrDefault())
                .withServiceAccountName(spec.serviceAccountName())
                .withImagePullSecrets(spec.imagePullSecrets())
                .withTerminationGracePeriodSeconds(PRE_STOP_SECONDS + grace + 5)
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(NON_ROOT_ID)
                .withRunAsGroup(NON_ROOT_ID)
                .withFsGroup(NON_ROOT_ID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewTopologySpreadConstraint()
                .withMaxSkew(1)
                .withTopologyKey("kubernetes.io/hostname")
                .withWhenUnsatisfiable("ScheduleAnyway")
                .withNewLabelSelector().withMatchLabels(ClusterMetadata.selectorLabels(cluster)).endLabelSelector()
                .endTopologySpreadConstraint()
                .withNodeSelector(scheduling.nodeSelector())
                .withTolerations(scheduling.tolerations())
                .withAffinity(scheduling.affinity())
                .withPriorityClassName(scheduling.priorityClassName())
                .addToContainers(container(cluster, spec, environment))
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume();
        TrustedCa.volume(spec).ifPresent(pod::addToVolumes);
        return pod.build();
    }

    private static Container container(PredictorCluster cluster, PredictorClusterSpec spec,
            PredictorEnvironment environment) {
        List<EnvVar> env = new ArrayList<>(environment.secretEnv());
        if (spec.extraEnv() != null) {
            env.addAll(spec.extraEnv());
        }
        return new ContainerBuilder()
                .withName(PredictorContainer.NAME)
                .withImage(spec.imageOrDefault())
                .addNewPort().withName(PredictorContainer.PORT_NAME).withContainerPort(PredictorContainer.PORT)
                .withProtocol("TCP").endPort()
                .addNewPort().withName(PredictorContainer.MANAGEMENT_PORT_NAME)
                .withContainerPort(PredictorContainer.MANAGEMENT_PORT).withProtocol("TCP").endPort()
                .addNewEnvFrom().withNewConfigMapRef(ConfigMapDependent.name(cluster), false).endEnvFrom()
                .withEnv(StoredForm.env(env))
                .withResources(StoredForm.resources(spec.resourcesOrDefault()))
                .withReadinessProbe(probe(PredictorContainer.READINESS_PATH, 5, 3))
                .withLivenessProbe(probe(PredictorContainer.LIVENESS_PATH, 10, 3))
                .withStartupProbe(probe(PredictorContainer.LIVENESS_PATH, 2, 60))
                .withNewLifecycle().withNewPreStop().withNewSleep(PRE_STOP_SECONDS).endPreStop().endLifecycle()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .addAllToVolumeMounts(TrustedCa.mount(spec).stream().toList())
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PredictorContainer.MANAGEMENT_PORT_NAME))
                .endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
