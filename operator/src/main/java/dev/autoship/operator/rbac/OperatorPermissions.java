package dev.autoship.operator.rbac;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.reconciler.ClusterEvents;
import dev.autoship.operator.reconciler.PredictorClusterReconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * RBAC the operator needs, computed from the reconciler's own declarations (its primary resource, the
 * {@link Workflow} dependents, and the kind and verbs of {@link ClusterEvents}), so the Helm chart's Roles
 * cannot drift from the code.
 * Rules are sorted by API group, then resource; verbs are sorted.
 */
public final class OperatorPermissions {

    static final List<String> PRIMARY_VERBS = List.of("get", "list", "watch");
    static final List<String> STATUS_VERBS = List.of("get", "patch", "update");
    static final List<String> DEPENDENT_VERBS = List.of("create", "delete", "get", "list", "patch", "update", "watch");
    /** What fabric8's LeaseLock and JOSDK's leader election check and use. */
    static final List<String> LEASE_VERBS = List.of("create", "get", "update");
    /** What JOSDK's CRDPresentChecker does: one GET by name. */
    static final List<String> CRD_VERBS = List.of("get");

    private OperatorPermissions() {
    }

    /**
     * Everything read or written in the watched namespaces: the custom resource, its status, every dependent kind,
     * and the Events recorded on the custom resource ({@link ClusterEvents}).
     */
    public static List<PolicyRule> watchedNamespaceRules() {
        SortedMap<String, SortedMap<String, List<String>>> byGroup = new TreeMap<>();
        add(byGroup, HasMetadata.getGroup(PredictorCluster.class), HasMetadata.getPlural(PredictorCluster.class),
                PRIMARY_VERBS);
        add(byGroup, HasMetadata.getGroup(PredictorCluster.class),
                HasMetadata.getPlural(PredictorCluster.class) + "/status", STATUS_VERBS);
        for (Class<? extends HasMetadata> type : dependentResourceTypes()) {
            add(byGroup, HasMetadata.getGroup(type), HasMetadata.getPlural(type), DEPENDENT_VERBS);
        }
        add(byGroup, HasMetadata.getGroup(ClusterEvents.RESOURCE), HasMetadata.getPlural(ClusterEvents.RESOURCE),
                ClusterEvents.VERBS);
        List<PolicyRule> rules = new ArrayList<>();
        byGroup.forEach((group, resources) -> {
            // one rule per group and verb set keeps the rendered Role short and stable
            SortedMap<String, SortedSet<String>> byVerbs = new TreeMap<>();
            resources.forEach((resource, verbs) ->
                    byVerbs.computeIfAbsent(String.join(",", verbs), v -> new TreeSet<>()).add(resource));
            byVerbs.forEach((verbs, names) -> rules.add(rule(group, List.copyOf(names), List.of(verbs.split(",")))));
        });
        return List.copyOf(rules);
    }

    /** The Lease in the operator's own namespace used for leader election. */
    public static List<PolicyRule> leaderElectionRules() {
        return List.of(rule(HasMetadata.getGroup(Lease.class), List.of(HasMetadata.getPlural(Lease.class)),
                LEASE_VERBS));
    }

    /**
     * Cluster-wide (a ClusterRole, also when only some namespaces are watched): reading the CustomResourceDefinitions
     * whose presence turns a dependent on (JOSDK's {@link CRDPresentActivationCondition}: the PodMonitor).
     */
    public static List<PolicyRule> crdPresenceRules() {
        Workflow workflow = PredictorClusterReconciler.class.getAnnotation(Workflow.class);
        boolean checksCrds = Arrays.stream(workflow.dependents())
                .anyMatch(d -> CRDPresentActivationCondition.class.isAssignableFrom(d.activationCondition()));
        return checksCrds ? List.of(rule(HasMetadata.getGroup(CustomResourceDefinition.class),
                List.of(HasMetadata.getPlural(CustomResourceDefinition.class)), CRD_VERBS)) : List.of();
    }

    /** Resource kinds of the dependents declared on {@link PredictorClusterReconciler}'s workflow. */
    public static List<Class<? extends HasMetadata>> dependentResourceTypes() {
        Workflow workflow = PredictorClusterReconciler.class.getAnnotation(Workflow.class);
        List<Class<? extends HasMetadata>> types = new ArrayList<>();
        for (Dependent dependent : workflow.dependents()) {
            types.add(resourceTypeOf(dependent.type()));
        }
        return List.copyOf(types);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends HasMetadata> resourceTypeOf(Class<? extends DependentResource> type) {
        try {
            // JOSDK itself instantiates dependents through their no-argument constructor
            return (Class<? extends HasMetadata>) type.getDeclaredConstructor().newInstance().resourceType();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("dependent " + type.getName() + " needs a public no-arg constructor",
                    e instanceof InvocationTargetException ite ? ite.getCause() : e);
        }
    }

    private static void add(Map<String, SortedMap<String, List<String>>> byGroup, String group, String resource,
            List<String> verbs) {
        byGroup.computeIfAbsent(group == null ? "" : group, g -> new TreeMap<>()).put(resource, verbs);
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
        return new PolicyRuleBuilder().withApiGroups(group == null ? "" : group).withResources(resources)
                .withVerbs(verbs).build();
    }
}
