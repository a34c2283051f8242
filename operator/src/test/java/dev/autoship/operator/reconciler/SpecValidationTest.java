package dev.autoship.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.operator.crd.PredictorClusterSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class SpecValidationTest {

    private final KubernetesSerialization json = new KubernetesSerialization();

    @Test
    void emptySpecIsValid() {
        assertThat(SpecValidation.problems(spec("{}"))).isEmpty();
    }

    @Test
    void eachProblemNamesTheFieldToFix() {
        assertThat(SpecValidation.problems(spec("{\"rollout\": {\"maxSurge\": 0}}")))
                .singleElement().asString().contains("spec.rollout.maxSurge and maxUnavailable");
        assertThat(SpecValidation.problems(spec("{\"extraEnv\": [{\"name\": \"AUTOSHIP_REDIS_URL\", \"value\": \"x\"}]}")))
                .singleElement().asString().contains("spec.extraEnv[0].name AUTOSHIP_REDIS_URL");
        assertThat(SpecValidation.problems(spec("{\"model\": {\"historyWindow\": \"PT0S\"}}")))
                .singleElement().asString().contains("spec.model.historyWindow must be a positive duration");
        assertThat(SpecValidation.problems(spec("{\"redis\": {\"url\": \"redis://\"}}")))
                .singleElement().asString().contains("spec.redis.url");
        assertThat(SpecValidation.problems(spec(
                "{\"resources\": {\"requests\": {\"memory\": \"2Gi\"}, \"limits\": {\"memory\": \"1Gi\"}}}")))
                .singleElement().asString().contains("spec.resources.requests.memory (2Gi) exceeds limits.memory (1Gi)");
        assertThat(SpecValidation.problems(spec(
                "{\"autoscaling\": {\"minReplicas\": 1, \"maxReplicas\": 3}, \"resources\": {\"limits\": {\"memory\": \"1Gi\"}}}")))
                .singleElement().asString().contains("spec.resources.requests.cpu");
        assertThat(SpecValidation.problems(spec("{\"networkPolicy\": {\"clients\": []}}")))
                .singleElement().asString().contains("spec.networkPolicy.clients");
        assertThat(SpecValidation.problems(spec("{\"podAnnotations\": {\"autoship.dev/config-checksum\": \"x\"}}")))
                .singleElement().asString().contains("spec.podAnnotations");
    }

    @Test
    void quantitiesAndRolloutAmountsTheApiServerWouldRefuseAreNamed() {
        assertThat(SpecValidation.problems(spec("{\"resources\": {\"requests\": {\"cpu\": \"half\"}}}")))
                .singleElement().asString()
                .contains("spec.resources.requests.cpu: 'half' is not a Kubernetes quantity");
        assertThat(SpecValidation.problems(spec("{\"rollout\": {\"maxSurge\": \"1\"}}")))
                .singleElement().asString().contains("spec.rollout.maxSurge must be a number or a percentage");
        assertThat(SpecValidation.problems(spec("{\"rollout\": {\"maxUnavailable\": \"150%\"}}")))
                .singleElement().asString().contains("spec.rollout.maxUnavailable must not exceed 100%");
        assertThat(SpecValidation.problems(spec("{\"rollout\": {\"maxSurge\": -1}}")))
                .singleElement().asString().contains("spec.rollout.maxSurge must not be negative");
        assertThat(SpecValidation.problems(spec(
                "{\"rollout\": {\"maxSurge\": \"25%\", \"maxUnavailable\": \"10%\"},"
                        + " \"resources\": {\"requests\": {\"cpu\": \"0.5\", \"memory\": \"1.5Gi\"}}}")))
                .isEmpty();
    }

    @Test
    void aNameAgreesWithTheCrdsRule() {
        assertThat(SpecValidation.problems(named("shop"))).isEmpty();
        assertThat(SpecValidation.problems(named("a".repeat(63)))).isEmpty();
        for (String name : new String[] {"shop.v2", "1shop", "Shop", "shop-", "a".repeat(64)}) {
            assertThat(SpecValidation.problems(named(name))).as(name).singleElement().asString()
                    .contains("metadata.name must be a DNS-1035 label of at most 63 characters", "'" + name + "'");
        }
    }

    @Test
    void budgetAndEgressPortsTheApiServerWouldRefuseAreNamed() {
        assertThat(SpecValidation.problems(spec("{\"disruptionBudget\": {\"maxUnavailable\": \"101%\"}}")))
                .singleElement().asString().contains("spec.disruptionBudget.maxUnavailable must not exceed 100%");
        assertThat(SpecValidation.problems(spec("{\"disruptionBudget\": {\"maxUnavailable\": -1}}")))
                .singleElement().asString().contains("spec.disruptionBudget.maxUnavailable must not be negative");
        assertThat(SpecValidation.problems(spec(
                "{\"networkPolicy\": {\"clients\": [{}], \"redis\": {\"ports\": [6379, 70000]}}}")))
                .singleElement().asString().contains("spec.networkPolicy.redis.ports", "70000");
    }

    private PredictorCluster named(String name) {
        PredictorCluster cluster = new PredictorCluster();
        cluster.getMetadata().setName(name);
        return cluster;
    }

    private PredictorClusterSpec spec(String specJson) {
        return json.unmarshal(specJson, PredictorClusterSpec.class);
    }
}
