package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChartRenderingTest {

    private static final String LEADER_ELECTION_ROLE = "autoship-operator-leader-election";
    private static final String DNS_1035_LABEL = "[a-z]([-a-z0-9]{0,61}[a-z0-9])?";
    private static final String DNS_SUBDOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private static final String LABEL_VALUE = "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?";

    private final OperatorChart chart = new OperatorChart();

    @Test
    void defaultsRenderAnOperatorPodThatMeetsTheRestrictedPodSecurityStandard() {
        PodSpec pod = chart.render().operatorDeployment().getSpec().getTemplate().getSpec();
        Container operator = pod.getContainers().getFirst();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isNotZero();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    }

    @Test
    void probesAskTheOperatorsHealthEndpointsOnPort8080() {
        RenderedManifests manifests = chart.render();
        Container operator = manifests.operatorContainer();

        assertThat(operator.getPorts()).singleElement()
                .satisfies(port -> {
                    assertThat(port.getName()).isEqualTo("http");
                    assertThat(port.getContainerPort()).isEqualTo(8080);
                });
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        assertThat(manifests.operatorLiteralEnvironment()).containsEntry("AUTOSHIP_OPERATOR_HTTP_PORT", "8080");
    }

    @Test
    void operatorLearnsItsOwnNamespaceFromTheDownwardApi() {
        RenderedManifests manifests = chart.render();

        assertThat(manifests.operatorContainer().getEnv())
                .filteredOn(variable -> variable.getName().equals("AUTOSHIP_OPERATOR_NAMESPACE"))
                .singleElement()
                .satisfies(variable -> assertThat(variable.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.namespace"));
        assertThat(manifests.operatorLiteralEnvironment())
                .containsEntry("AUTOSHIP_OPERATOR_LEASE_NAME", "autoship-operator")
                .containsEntry("AUTOSHIP_LOG_FORMAT", "text");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueMatrix")
    void rendersConsistentResourcesForEveryCombinationOfValues(Combination combination) {
        RenderedManifests manifests = chart.render(combination.valuesYaml());
        Deployment deployment = manifests.operatorDeployment();
        String serviceAccount = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();

        assertThat(manifests.operatorLiteralEnvironment())
                .containsEntry("AUTOSHIP_OPERATOR_WATCH_NAMESPACES", String.join(",", combination.watchNamespaces()))
                .containsEntry("AUTOSHIP_OPERATOR_LEADER_ELECTION", String.valueOf(combination.leaderElection()));
        assertThat(deployment.getSpec().getStrategy().getType())
                .isEqualTo(combination.leaderElection() ? "RollingUpdate" : "Recreate");
        assertThat(manifests.single(ServiceAccount.class).getMetadata().getName()).isEqualTo(serviceAccount);

        assertWatchedNamespaceRbac(manifests, combination, serviceAccount);
        assertLeaderElectionRbac(manifests, combination, serviceAccount);
        assertMetrics(manifests, combination, deployment);
        assertThat(allRules(manifests)).as("RBAC rules").allSatisfy(ChartRenderingTest::assertNoWildcards);
    }

    @Test
    void crdIsRenderedFromTheChartCopyAndKeptOnUninstall() throws IOException {
        CustomResourceDefinition rendered = chart.render().single(CustomResourceDefinition.class);
        CustomResourceDefinition copy = new KubernetesSerialization().unmarshal(
                Files.readString(chart.directory().resolve("files/predictorclusters.autoship.dev-v1.yml")),
                CustomResourceDefinition.class);

        assertThat(rendered.getMetadata().getName()).isEqualTo("predictorclusters.autoship.dev");
        assertThat(rendered.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        assertThat(rendered.getSpec()).isEqualTo(copy.getSpec());
        assertThat(rendered.getSpec().getGroup()).isEqualTo("autoship.dev");
        assertThat(rendered.getSpec().getNames().getKind()).isEqualTo("PredictorCluster");
        assertThat(rendered.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(rendered.getSpec().getVersions())
                .anySatisfy(version -> assertThat(version.getName()).isEqualTo("v1alpha1"));
    }

    @Test
    void crdsInstallFalseLeavesTheCrdOut() {
        RenderedManifests manifests = chart.render("crds:\n  install: false\n");

        assertThat(manifests.ofType(CustomResourceDefinition.class)).isEmpty();
        assertThat(manifests.operatorDeployment()).isNotNull();
    }

    @Test
    void existingServiceAccountIsUsedAndBoundWhenTheChartDoesNotCreateOne() {
        RenderedManifests manifests = chart.render("""
                serviceAccount:
                  create: false
                  name: platform-operator
                """);

        assertThat(manifests.ofType(ServiceAccount.class)).isEmpty();
        assertThat(manifests.operatorDeployment().getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo("platform-operator");
        assertThat(manifests.operatorClusterRoleBindings()).singleElement().satisfies(binding ->
                assertThat(binding.getSubjects()).extracting(Subject::getName).containsExactly("platform-operator"));
    }

    @Test
    void imageDigestPinsTheImage() {
        String digest = "sha256:" + "ab".repeat(32);
        Container operator = chart.render("image:\n  registry: registry.example.com/mirror\n  digest: " + digest + "\n")
                .operatorContainer();

        assertThat(operator.getImage()).isEqualTo("registry.example.com/mirror/autoship-operator@" + digest);
    }

    /** The longest name prefix the schema allows still gives names and labels the API server accepts. */
    @Test
    void everyNameAndLabelFitsKubernetesLimitsWithTheLongestFullname() {
        RenderedManifests manifests = chart.render("""
                fullnameOverride: %s
                replicaCount: 2
                metrics: {serviceMonitor: {enabled: true}, prometheusRule: {enabled: true}}
                dashboards: {enabled: true, namespace: ""}
                """.formatted("o".repeat(63)));

        assertThat(manifests.ofType(Service.class)).isNotEmpty().allSatisfy(service ->
                assertThat(service.getMetadata().getName()).as("Service names are RFC 1035 labels").matches(DNS_1035_LABEL));
        assertThat(manifests.resources()).allSatisfy(resource -> {
            assertThat(resource.getMetadata().getName()).as("name of %s", resource.getKind()).matches(DNS_SUBDOMAIN).hasSizeLessThanOrEqualTo(253);
            assertThat(resource.getMetadata().getLabels().values()).as("label values of %s", resource.getKind())
                    .allSatisfy(value -> assertThat(value).matches(LABEL_VALUE));
        });
        assertThat(manifests.operatorDeployment().getSpec().getTemplate().getMetadata().getLabels().values())
                .allSatisfy(value -> assertThat(value).matches(LABEL_VALUE));
    }

    @Test
    void commonLabelsReachEveryResourceAndTheOperatorPodsButNeverTheSelector() {
        RenderedManifests manifests = chart.render("""
                commonLabels: {team: platform, example.com/cost-center: cc-42}
                replicaCount: 2
                metrics:
                  serviceMonitor: {enabled: true, labels: {team: observability, release: prometheus}}
                  prometheusRule: {enabled: true, labels: {release: prometheus}}
                dashboards: {enabled: true, namespace: ""}
                """);
        Deployment deployment = manifests.operatorDeployment();

        assertThat(manifests.resources()).allSatisfy(resource -> assertThat(resource.getMetadata().getLabels())
                .as("labels of %s %s", resource.getKind(), resource.getMetadata().getName())
                .containsEntry("example.com/cost-center", "cc-42")
                .containsKey("team"));
        assertThat(manifests.resources()).filteredOn(resource -> !resource.getKind().equals("ServiceMonitor"))
                .allSatisfy(resource -> assertThat(resource.getMetadata().getLabels()).containsEntry("team", "platform"));
        assertThat(manifests.ofKind("ServiceMonitor")).singleElement().satisfies(monitor -> assertThat(monitor.getMetadata().getLabels())
                .as("the ServiceMonitor's own labels win").containsEntry("team", "observability").containsEntry("release", "prometheus"));
        assertThat(manifests.ofKind("PrometheusRule")).singleElement().satisfies(rule -> assertThat(rule.getMetadata().getLabels())
                .containsEntry("team", "platform").containsEntry("release", "prometheus"));
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "platform");
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).doesNotContainKeys("team", "example.com/cost-center");
    }

    static Stream<Combination> valueMatrix() {
        List<Combination> combinations = new ArrayList<>();
        for (List<String> namespaces : List.of(List.<String>of(), List.of("shop", "warehouse"))) {
            for (boolean leaderElection : List.of(true, false)) {
                for (Metrics metrics : Metrics.values()) {
                    combinations.add(new Combination(namespaces, leaderElection, metrics));
                }
            }
        }
        return combinations.stream();
    }

    private static void assertWatchedNamespaceRbac(RenderedManifests manifests, Combination combination, String serviceAccount) {
        List<Role> watchedNamespaceRoles = manifests.ofType(Role.class).stream()
                .filter(role -> !role.getMetadata().getName().equals(LEADER_ELECTION_ROLE))
                .toList();
        if (combination.watchNamespaces().isEmpty()) {
            List<ClusterRole> operatorClusterRoles = manifests.operatorClusterRoles();
            assertThat(operatorClusterRoles).hasSize(1);
            ClusterRole clusterRole = operatorClusterRoles.getFirst();
            assertThat(manifests.operatorClusterRoleBindings()).hasSize(1);
            ClusterRoleBinding binding = manifests.operatorClusterRoleBindings().getFirst();
            assertThat(watchedNamespaceRoles).isEmpty();
            assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(binding.getRoleRef().getName()).isEqualTo(clusterRole.getMetadata().getName());
            assertBoundTo(binding.getSubjects(), serviceAccount);
            return;
        }
        assertThat(manifests.operatorClusterRoles()).isEmpty();
        assertThat(manifests.operatorClusterRoleBindings()).isEmpty();
        assertThat(watchedNamespaceRoles).extracting(role -> role.getMetadata().getNamespace())
                .containsExactlyInAnyOrderElementsOf(combination.watchNamespaces());
        for (Role role : watchedNamespaceRoles) {
            assertThat(bindingOf(manifests, role)).satisfies(binding -> assertBoundTo(binding.getSubjects(), serviceAccount));
        }
    }

    private static void assertLeaderElectionRbac(RenderedManifests manifests, Combination combination, String serviceAccount) {
        List<Role> leaderElectionRoles = manifests.ofType(Role.class).stream()
                .filter(role -> role.getMetadata().getName().equals(LEADER_ELECTION_ROLE))
                .toList();
        if (!combination.leaderElection()) {
            assertThat(leaderElectionRoles).isEmpty();
            return;
        }
        assertThat(leaderElectionRoles).singleElement().satisfies(role -> {
            assertThat(role.getMetadata().getNamespace()).isEqualTo(OperatorChart.NAMESPACE);
            assertThat(role.getRules()).flatExtracting(PolicyRule::getResources).containsOnly("leases");
            assertBoundTo(bindingOf(manifests, role).getSubjects(), serviceAccount);
        });
    }

    private static void assertMetrics(RenderedManifests manifests, Combination combination, Deployment deployment) {
        List<Service> services = manifests.ofType(Service.class);
        List<HasMetadata> serviceMonitors = manifests.ofKind("ServiceMonitor");
        if (combination.metrics() == Metrics.OFF) {
            assertThat(services).isEmpty();
            assertThat(serviceMonitors).isEmpty();
            return;
        }
        Service service = services.getFirst();
        assertThat(services).hasSize(1);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http-metrics");
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        if (combination.metrics() == Metrics.SERVICE) {
            assertThat(serviceMonitors).isEmpty();
            return;
        }
        assertThat(serviceMonitors).singleElement().isInstanceOfSatisfying(GenericKubernetesResource.class, monitor -> {
            assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
            assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
            Map<String, String> selector = monitor.get("spec", "selector", "matchLabels");
            assertThat(service.getMetadata().getLabels()).as("labels of the metrics Service").containsAllEntriesOf(selector);
            assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("http-metrics");
            assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");
        });
    }

    private static RoleBinding bindingOf(RenderedManifests manifests, Role role) {
        List<RoleBinding> bindings = manifests.ofType(RoleBinding.class).stream()
                .filter(binding -> binding.getMetadata().getNamespace().equals(role.getMetadata().getNamespace()))
                .filter(binding -> binding.getRoleRef().getKind().equals("Role"))
                .filter(binding -> binding.getRoleRef().getName().equals(role.getMetadata().getName()))
                .toList();
        assertThat(bindings).as("RoleBindings of Role %s/%s", role.getMetadata().getNamespace(), role.getMetadata().getName())
                .hasSize(1);
        return bindings.getFirst();
    }

    private static void assertBoundTo(List<Subject> subjects, String serviceAccount) {
        assertThat(subjects).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo(serviceAccount);
            assertThat(subject.getNamespace()).isEqualTo(OperatorChart.NAMESPACE);
        });
    }

    private static List<PolicyRule> allRules(RenderedManifests manifests) {
        Stream<PolicyRule> clusterRules = manifests.ofType(ClusterRole.class).stream().flatMap(role -> role.getRules().stream());
        Stream<PolicyRule> namespacedRules = manifests.ofType(Role.class).stream().flatMap(role -> role.getRules().stream());
        return Stream.concat(clusterRules, namespacedRules).toList();
    }

    private static void assertNoWildcards(PolicyRule rule) {
        assertThat(rule.getApiGroups()).doesNotContain("*");
        assertThat(rule.getResources()).isNotEmpty().noneMatch(resource -> resource.contains("*"));
        assertThat(rule.getVerbs()).isNotEmpty().doesNotContain("*");
        assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
    }

    enum Metrics { OFF, SERVICE, SERVICE_MONITOR }

    record Combination(List<String> watchNamespaces, boolean leaderElection, Metrics metrics) {

        String valuesYaml() {
            return """
                    watchNamespaces: [%s]
                    leaderElection:
                      enabled: %s
                    metrics:
                      enabled: %s
                      serviceMonitor:
                        enabled: %s
                        labels:
                          release: prometheus
                    """.formatted(String.join(", ", watchNamespaces), leaderElection,
                    metrics != Metrics.OFF, metrics == Metrics.SERVICE_MONITOR);
        }

        @Override
        public String toString() {
            return "watch " + (watchNamespaces.isEmpty() ? "all namespaces" : watchNamespaces)
                    + ", leader election " + (leaderElection ? "on" : "off") + ", metrics " + metrics;
        }
    }
}
