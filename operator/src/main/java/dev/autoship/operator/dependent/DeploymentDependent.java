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
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The predictor pods: probes on the predictor's health endpoints, graceful drain, restricted security context. */
@KubernetesDependent(informer = @Informer(labelSelector = PredictorPod.MANAGED_SELECTOR))
public class DeploymentDependent extends CRUDKubernetesDependentResource<Deployment, PredictorCluster> {

    /** Time for endpoint controllers and kube-proxy to stop sending traffic before SIGTERM. */
    static final long PRE_STOP_SECONDS = 5;
    static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);
    static final long NON_ROOT_ID = 65532;

    public DeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(PredictorCluster cluster, Context<PredictorCluster> context) {
        PredictorClusterSpec spec = cluster.specOrEmpty();
        RolloutSpec rollout = spec.rolloutOrDefault();
        PredictorEnvironment environment = PredictorEnvironment.of(spec);
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        if (spec.podAnnotations() != null) {
            podAnnotations.putAll(spec.podAnnotations());
        }
        podAnnotations.put(PredictorPod.CONFIG_CHECKSUM_ANNOTATION, environment.checksum());
        return new DeploymentBuilder()
                .withMetadata(PredictorPod.metadata(cluster, cluster.getMetadata().getName()))
                .withNewSpec()
                .withReplicas(replicas(spec, context))
                .withNewSelector().withMatchLabels(PredictorPod.selectorLabels(cluster)).endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxSurge(rollout.maxSurge() == null ? new IntOrString(1) : rollout.maxSurge())
                .withMaxUnavailable(rollout.maxUnavailable() == null ? new IntOrString(0) : rollout.maxUnavailable())
                .endRollingUpdate()
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(PredictorPod.labels(cluster))
                .withAnnotations(podAnnotations)
                .endMetadata()
                .withSpec(podSpec(cluster, spec, environment))
                .endTemplate()
                .endSpec()
                .build();
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
        Duration grace = spec.rolloutOrDefault().shutdownGrace() == null
                ? DEFAULT_SHUTDOWN_GRACE : Duration.parse(spec.rolloutOrDefault().shutdownGrace());
        return new PodSpecBuilder()
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(PRE_STOP_SECONDS + grace.toSeconds() + 5)
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
                .withNewLabelSelector().withMatchLabels(PredictorPod.selectorLabels(cluster)).endLabelSelector()
                .endTopologySpreadConstraint()
                .withNodeSelector(scheduling.nodeSelector())
                .withTolerations(StoredForm.tolerations(scheduling.tolerations()))
                .withAffinity(scheduling.affinity())
                .withPriorityClassName(StoredForm.orNull(scheduling.priorityClassName()))
                .addToContainers(container(cluster, spec, environment))
                .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                .build();
    }

    private static Container container(PredictorCluster cluster, PredictorClusterSpec spec,
            PredictorEnvironment environment) {
        List<EnvVar> env = new ArrayList<>(environment.secretEnv());
        if (spec.extraEnv() != null) {
            env.addAll(spec.extraEnv());
        }
        return new ContainerBuilder()
                .withName(PredictorPod.CONTAINER_NAME)
                .withImage(PredictorPod.image(cluster))
                .addNewPort().withName(PredictorPod.PORT_NAME).withContainerPort(PredictorPod.CONTAINER_PORT)
                .withProtocol("TCP").endPort()
                .addNewEnvFrom().withNewConfigMapRef(PredictorPod.configMapName(cluster), false).endEnvFrom()
                .withEnv(StoredForm.env(env))
                .withResources(spec.resources() == null ? defaultResources() : StoredForm.resources(spec.resources()))
                .withReadinessProbe(probe(PredictorPod.READINESS_PATH, 5, 3))
                .withLivenessProbe(probe(PredictorPod.LIVENESS_PATH, 10, 3))
                .withStartupProbe(probe(PredictorPod.LIVENESS_PATH, 2, 60))
                .withNewLifecycle().withNewPreStop().withNewSleep(PRE_STOP_SECONDS).endPreStop().endLifecycle()
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                .build();
    }

    private static Probe probe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PredictorPod.PORT_NAME)).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private static ResourceRequirements defaultResources() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .addToLimits("memory", new Quantity("1Gi"))
                .build();
    }
}
