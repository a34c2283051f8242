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
    void anAutoscalerToleranceIsRefusedNamingTheFeatureGateThatWouldDropIt() {
        assertThat(SpecValidation.problems(spec("""
                {"autoscaling": {"minReplicas": 1, "maxReplicas": 3, "behavior": {"scaleUp": {"tolerance": "0.05"}}},
                 "resources": {"requests": {"cpu": "1"}}}""")))
                .singleElement().asString().contains("spec.autoscaling.behavior.scaleUp.tolerance",
                        "HPAConfigurableTolerance");
    }

    @Test
    void metricTargetsTheApiServerWouldRefuseAreNamed() {
        assertThat(SpecValidation.problems(spec("""
                {"autoscaling": {"minReplicas": 1, "maxReplicas": 3,
                  "metrics": [{"type": "Pods", "pods": {"metric": {"name": "rps"},
                               "target": {"type": "AverageValue", "averageValue": "0"}}},
                              {"type": "External", "external": {"metric": {"name": "q"},
                               "target": {"type": "Value", "value": "lots"}}}]}}""")))
                .containsExactly("spec.autoscaling.metrics[0].pods.target.averageValue must be positive, got 0",
                        "spec.autoscaling.metrics[1].external.target.value: 'lots' is not a Kubernetes quantity "
                                + "(e.g. 500m, 2, 512Mi, 1Gi)");
    }

    @Test
    void resourcesFinerThanMilliUnitsAreAcceptedNegativeOrUnstorableOnesRefused() {
        assertThat(SpecValidation.problems(spec(
                "{\"resources\": {\"requests\": {\"cpu\": \"100u\", \"memory\": \"1.0005\"}}}"))).isEmpty();
        assertThat(SpecValidation.problems(spec("{\"resources\": {\"requests\": {\"cpu\": \"-1\"}}}")))
                .singleElement().asString().contains("spec.resources.requests.cpu must not be negative");
        assertThat(SpecValidation.problems(spec("{\"resources\": {\"limits\": {\"memory\": \"1000E\"}}}")))
                .singleElement().asString().contains("spec.resources.limits.memory", "too large");
    }

    @Test
    void percentagesAreReadAsKubernetesReadsThem() {
        assertThat(SpecValidation.problems(spec("{\"rollout\": {\"maxSurge\": \"00%\"}}")))
                .singleElement().asString().contains("cannot both be 0");
        assertThat(SpecValidation.problems(spec("{\"rollout\": {\"maxSurge\": \"05%\", \"maxUnavailable\": \"0100%\"}}")))
                .isEmpty();
        assertThat(SpecValidation.problems(spec("{\"rollout\": {\"maxUnavailable\": \"99999999999%\"}}")))
                .singleElement().asString().contains("must not exceed 100%");
    }

    @Test
    void qualityAndPredictionLogSettingsThePredictorWouldRefuseAreNamed() {
        assertThat(SpecValidation.problems(spec("""
                {"elasticsearch": {"url": "http://es:9200"},
                 "quality": {"autoShipPrecision": 0.975, "outcomeCheckInterval": "PT10M",
                             "drift": {"minOutcomes": 1, "tolerance": 0}},
                 "predictionLog": {"enabled": true, "index": "shop.predictions-1", "retention": "P1D"}}"""))).isEmpty();
        assertThat(SpecValidation.problems(spec("""
                {"quality": {"autoShipPrecision": 0.4, "outcomeCheckInterval": "PT0S", "drift": {"tolerance": 1.5}},
                 "predictionLog": {"enabled": true, "index": "Shop", "retention": "PT12H"}}""")))
                .containsExactlyInAnyOrder(
                        "spec.quality.autoShipPrecision must be from 0.5 to 1, got 0.4",
                        "spec.quality.drift.tolerance must be from 0 to 1, got 1.5",
                        "spec.quality.outcomeCheckInterval must be a positive duration, got PT0S",
                        "spec.predictionLog.enabled needs spec.elasticsearch: the prediction log is written to the "
                                + "history's Elasticsearch",
                        "spec.predictionLog.index must be at most 244 lower case letters, digits, '.', '_' and '-', "
                                + "starting with a letter or digit, got 'Shop'",
                        "spec.predictionLog.retention must be at least P1D (the log is kept in daily indices), got PT12H");
        // a log that is not enabled needs no Elasticsearch
        assertThat(SpecValidation.problems(spec("{\"predictionLog\": {\"index\": \"later\"}}"))).isEmpty();
    }

    @Test
    void redisNeedsExactlyOneModeAndWhatThePredictorWouldRefuseIsNamed() {
        assertThat(SpecValidation.problems(spec("""
                {"redis": {"sentinels": {"addresses": ["s-0:26379", "[fd00::1]:26380"], "masterName": "mymaster"},
                           "tls": true, "database": 3}}"""))).isEmpty();
        assertThat(SpecValidation.problems(spec("{\"redis\": {\"clusterNodes\": [\"r-0:6379\"], \"tls\": true}}")))
                .isEmpty();
        assertThat(SpecValidation.problems(spec("{\"redis\": {\"keyPrefix\": \"x\"}}"))).singleElement().asString()
                .contains("spec.redis needs exactly one of url, sentinels and clusterNodes");
        assertThat(SpecValidation.problems(spec("""
                {"redis": {"url": "redis://r:6379", "clusterNodes": ["r-0:6379"]}}""")))
                .singleElement().asString().contains("exactly one");
        assertThat(SpecValidation.problems(spec("{\"redis\": {\"url\": \"redis://r:6379\", \"tls\": true}}")))
                .singleElement().asString().contains("spec.redis.tls and redis.database are for sentinels");
        assertThat(SpecValidation.problems(spec("{\"redis\": {\"clusterNodes\": [\"r-0:6379\"], \"database\": 1}}")))
                .singleElement().asString().contains("spec.redis.database must be 0 with clusterNodes");
        assertThat(SpecValidation.problems(spec("{\"redis\": {\"clusterNodes\": [\"r-0:70000\"]}}")))
                .singleElement().asString().contains("spec.redis.clusterNodes must hold host:port", "r-0:70000");
        assertThat(SpecValidation.problems(spec("""
                {"redis": {"sentinels": {"addresses": ["fd00::1:26379"], "masterName": "my master"}}}""")))
                .containsExactly("spec.redis.sentinels.addresses must hold host:port addresses (IPv6 as [address]:port, "
                                + "ports 1 to 65535), got 'fd00::1:26379'",
                        "spec.redis.sentinels.masterName must name the master the sentinels monitor, without spaces, "
                                + "got 'my master'");
    }

    @Test
    void theServiceCannotPutThePublicPortOnTheManagementPort() {
        assertThat(SpecValidation.problems(spec("{\"service\": {\"port\": 9090}}"))).singleElement().asString()
                .contains("spec.service.port must not be 9090");
    }

    @Test
    void lifecycleAndConnectionDurationsAreChecked() {
        assertThat(SpecValidation.problems(spec("{\"model\": {\"insufficientHistory\": {\"rememberFor\": \"PT0S\"},"
                + " \"warmStart\": {\"models\": 0, \"timeout\": \"PT5S\"}, \"refresh\": {\"atPercentOfLife\": 90}},"
                + " \"api\": {\"connections\": {\"requestTimeout\": \"PT30S\", \"idleTimeout\": \"PT2M\", \"max\": 100}}}")))
                .as("PT0S turns remembering off; the rest are positive").isEmpty();
        assertThat(SpecValidation.problems(spec("{\"model\": {\"warmStart\": {\"timeout\": \"PT0S\"}}}")))
                .singleElement().asString().contains("spec.model.warmStart.timeout must be a positive duration");
        assertThat(SpecValidation.problems(spec("{\"api\": {\"connections\": {\"idleTimeout\": \"1m\"}}}")))
                .singleElement().asString().contains("spec.api.connections.idleTimeout must be an ISO-8601 duration");
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

    @Test
    void platformFieldsThatWouldBreakTheOperatorsOwnWiringAreNamed() {
        assertThat(SpecValidation.problems(spec("{\"podLabels\": {\"app.kubernetes.io/instance\": \"other\"}}")))
                .singleElement().asString().contains("spec.podLabels must not set app.kubernetes.io/instance");
        assertThat(SpecValidation.problems(spec(
                "{\"service\": {\"labels\": {\"app.kubernetes.io/managed-by\": \"helm\"}}}")))
                .singleElement().asString().contains("spec.service.labels must not set app.kubernetes.io/managed-by");
        assertThat(SpecValidation.problems(spec("{\"tls\": {\"caBundle\": {}}}")))
                .singleElement().asString().contains("spec.tls.caBundle needs exactly one of configMap or secret");
        assertThat(SpecValidation.problems(spec("{\"imagePullSecrets\": [{}]}")))
                .singleElement().asString().contains("spec.imagePullSecrets");
        assertThat(SpecValidation.problems(spec("""
                {"autoscaling": {"minReplicas": 1, "maxReplicas": 3, "targetCPUUtilizationPercentage": 50,
                  "metrics": [{"type": "Pods", "pods": {"metric": {"name": "rps"},
                               "target": {"type": "AverageValue", "averageValue": "5"}}}]}}""")))
                .singleElement().asString().contains("spec.autoscaling.metrics or targetCPUUtilizationPercentage");
        // a request-rate metric needs no CPU request
        assertThat(SpecValidation.problems(spec("""
                {"autoscaling": {"minReplicas": 1, "maxReplicas": 3,
                  "metrics": [{"type": "Pods", "pods": {"metric": {"name": "rps"},
                               "target": {"type": "AverageValue", "averageValue": "5"}}}]},
                 "resources": {"limits": {"memory": "1Gi"}}}"""))).isEmpty();
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
