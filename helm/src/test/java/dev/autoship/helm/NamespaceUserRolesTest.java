package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.autoship.helm.RbacRulesTest.Permission;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What namespace users may do with PredictorClusters through Kubernetes' default roles, computed the way the
 * cluster's aggregation controller does: {@code view} collects ClusterRoles labelled aggregate-to-view; {@code edit}
 * those labelled aggregate-to-edit plus {@code view} (which carries that label); {@code admin} those labelled
 * aggregate-to-admin plus {@code edit} (likewise).
 */
class NamespaceUserRolesTest {

    private static final String GROUP = "autoship.dev";
    private static final String CLUSTERS = "predictorclusters";
    private static final String STATUS = "predictorclusters/status";
    private static final String SCALE = "predictorclusters/scale";
    private static final List<String> READ = List.of("get", "list", "watch");
    private static final List<String> WRITE = List.of("create", "delete", "deletecollection", "patch", "update");
    private static final Path CRD_COPY = Path.of("files", "predictorclusters.autoship.dev-v1.yml");

    private final OperatorChart chart = new OperatorChart();

    @Test
    void viewersCanReadPredictorClustersAndTheirStatusButChangeNothing(@TempDir Path copy) throws IOException {
        List<ClusterRole> roles = chartWhoseCrdServesScale(copy, false).render().aggregatedClusterRoles();

        assertThat(view(roles)).containsExactlyInAnyOrderElementsOf(permissions(List.of(CLUSTERS, STATUS), READ));
    }

    @Test
    void editorsAndAdminsCanCreateChangeAndDeletePredictorClustersButNeverWriteTheirStatus(@TempDir Path copy) throws IOException {
        List<ClusterRole> roles = chartWhoseCrdServesScale(copy, false).render().aggregatedClusterRoles();
        List<Permission> expected = Stream.of(
                        permissions(List.of(CLUSTERS), WRITE),
                        permissions(List.of(CLUSTERS, STATUS), READ))
                .flatMap(List::stream)
                .toList();

        assertThat(edit(roles)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(admin(roles)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void scalingIsGrantedWhenTheCrdServesTheScaleSubresource(@TempDir Path copy) throws IOException {
        List<ClusterRole> roles = chartWhoseCrdServesScale(copy, true).render().aggregatedClusterRoles();

        assertThat(view(roles)).containsAll(permissions(List.of(SCALE), READ))
                .noneMatch(permission -> WRITE.contains(permission.verb()));
        assertThat(edit(roles)).containsAll(permissions(List.of(SCALE), List.of("get", "patch", "update")))
                .doesNotContainAnyElementsOf(permissions(List.of(STATUS), WRITE));
        assertThat(admin(roles)).containsExactlyInAnyOrderElementsOf(edit(roles));
    }

    @Test
    void shippedChartGrantsScalingExactlyWhenItsCrdServesIt() throws IOException {
        ObjectNode crd = (ObjectNode) new YAMLMapper().readTree(chart.directory().resolve(CRD_COPY).toFile());
        boolean servesScale = false;
        for (JsonNode version : crd.path("spec").path("versions")) {
            servesScale |= version.path("served").asBoolean() && version.path("subresources").has("scale");
        }

        assertThat(edit(chart.render().aggregatedClusterRoles()).contains(new Permission(GROUP, SCALE, "", "update")))
                .as("kubectl scale allowed to editors; the CRD serves scale: %s", servesScale)
                .isEqualTo(servesScale);
    }

    @Test
    void rolesAreForNamespaceUsersWhicheverNamespacesTheOperatorWatches() {
        List<ClusterRole> roles = chart.render("watchNamespaces: [shop]\n").aggregatedClusterRoles();

        assertThat(roles).extracting(role -> role.getMetadata().getName())
                .containsExactlyInAnyOrder("autoship-operator-view", "autoship-operator-edit");
        assertThat(roles).allSatisfy(role -> assertThat(role.getAggregationRule()).isNull());
    }

    @Test
    void rolesCanBeTurnedOffAndAreNeverCreatedWithoutRbac() {
        assertThat(chart.render("rbac: {create: true, aggregateToDefaultRoles: false}\n").aggregatedClusterRoles()).isEmpty();
        assertThat(chart.render("rbac: {create: false, aggregateToDefaultRoles: true}\n").aggregatedClusterRoles()).isEmpty();
    }

    private static List<Permission> view(List<ClusterRole> roles) {
        return aggregatedInto(roles, "view");
    }

    private static List<Permission> edit(List<ClusterRole> roles) {
        return Stream.concat(aggregatedInto(roles, "edit").stream(), view(roles).stream()).distinct().toList();
    }

    private static List<Permission> admin(List<ClusterRole> roles) {
        return Stream.concat(aggregatedInto(roles, "admin").stream(), edit(roles).stream()).distinct().toList();
    }

    private static List<Permission> aggregatedInto(List<ClusterRole> roles, String defaultRole) {
        return roles.stream()
                .filter(role -> "true".equals(role.getMetadata().getLabels().get("rbac.authorization.k8s.io/aggregate-to-" + defaultRole)))
                .flatMap(role -> role.getRules().stream())
                .flatMap(Permission::of)
                .distinct()
                .toList();
    }

    private static List<Permission> permissions(List<String> resources, List<String> verbs) {
        return resources.stream().flatMap(resource -> verbs.stream().map(verb -> new Permission(GROUP, resource, "", verb))).toList();
    }

    /** A copy of the chart whose CRD copy has (or lacks) the scale subresource on every version. */
    private OperatorChart chartWhoseCrdServesScale(Path copyDirectory, boolean scale) throws IOException {
        OperatorChart copy = chart.copyTo(copyDirectory);
        YAMLMapper yaml = new YAMLMapper();
        Path crdFile = copy.directory().resolve(CRD_COPY);
        ObjectNode crd = (ObjectNode) yaml.readTree(crdFile.toFile());
        crd.withArray("/spec/versions").forEach(version -> {
            ObjectNode subresources = ((ObjectNode) version).withObject("/subresources");
            if (scale) {
                subresources.putObject("scale")
                        .put("specReplicasPath", ".spec.replicas")
                        .put("statusReplicasPath", ".status.replicas")
                        .put("labelSelectorPath", ".status.selector");
            } else {
                subresources.remove("scale");
            }
        });
        yaml.writeValue(crdFile.toFile(), crd);
        return copy;
    }
}
