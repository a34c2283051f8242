package dev.autoship.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autoship.operator.MockApiServer;
import dev.autoship.operator.reconciler.SpecValidation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExamplesMatchTheCrdSchemaTest {

    private static CrdSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schema = CrdSchema.generated();
    }

    @Test
    void everyExampleClusterPassesTheSchemaTheCelRulesAndTheOperatorsOwnChecks() throws IOException {
        List<JsonNode> clusters = ExampleClusters.all();
        assertThat(clusters).as("PredictorCluster documents in examples/").hasSizeGreaterThanOrEqualTo(3);
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (JsonNode cluster : clusters) {
            String name = cluster.at("/metadata/name").asText();
            assertThat(schema.problems(cluster)).as(name).isEmpty();
            PredictorCluster parsed = serialization.convertValue(cluster, PredictorCluster.class);
            assertThat(SpecValidation.problems(parsed)).as(name).isEmpty();
        }
    }

    @Test
    void schemaRefusesWhatAnApiServerWouldRefuse() throws IOException {
        assertThat(schema.problems(cluster("""
                spec:
                  autoscaling: {minReplicas: 5, maxReplicas: 2}
                """))).singleElement().asString()
                .contains("autoscaling.minReplicas must be less than or equal to autoscaling.maxReplicas");
        assertThat(schema.problems(cluster("spec: {replicas: 2, autoscaling: {minReplicas: 1, maxReplicas: 2}}")))
                .singleElement().asString().contains("either replicas or autoscaling");
        assertThat(schema.problems(cluster("spec: {model: {minExamples: 50, maxExamples: 10}}")))
                .singleElement().asString().contains("model.minExamples");
        assertThat(schema.problems(cluster("spec: {replicas: -1}"))).singleElement().asString().contains("replicas");
        assertThat(schema.problems(cluster("spec: {service: {type: Headless}}"))).isNotEmpty();
        assertThat(schema.problems(cluster("spec: {redis: {url: 'http://redis:6379'}}"))).isNotEmpty();
        assertThat(schema.problems(cluster("spec: {redis: {passwordSecret: {name: x, key: y}}}")))
                .anySatisfy(p -> assertThat(p).contains("url"));
        assertThat(schema.problems(cluster("spec: {model: {cacheTtl: 1 day}}"))).isNotEmpty();
        assertThat(schema.problems(cluster("spec: {replica: 3}")))
                .containsExactly(".spec.replica: unknown field (the API server would drop it)");
    }

    @Test
    void namesThatCannotNameTheServiceAndLabelsAreRefusedAtAdmission() throws IOException {
        for (String name : new String[] {"shop.v2", "1shop", "Shop", "shop-", "a".repeat(64)}) {
            assertThat(schema.problems(named(name))).as(name).singleElement().asString()
                    .contains("metadata.name must be a DNS-1035 label of at most 63 characters");
        }
        assertThat(schema.problems(named("shop-v2"))).isEmpty();
        assertThat(schema.problems(named("a".repeat(63)))).isEmpty();
    }

    @Test
    void egressPortsOutsideTheTcpRangeAreRefused() throws IOException {
        assertThat(schema.problems(cluster("spec: {networkPolicy: {clients: [{}], redis: {ports: [0]}}}")))
                .isNotEmpty();
        assertThat(schema.problems(cluster("spec: {networkPolicy: {clients: [{}], redis: {ports: [6379]}}}")))
                .isEmpty();
    }

    @Test
    void platformFieldsAreCheckedAtAdmission() throws IOException {
        assertThat(schema.problems(cluster("spec: {tls: {caBundle: {}}}"))).singleElement().asString()
                .contains("tls.caBundle needs exactly one of configMap or secret");
        assertThat(schema.problems(cluster("""
                spec: {tls: {caBundle: {configMap: {name: a, key: b}, secret: {name: a, key: b}}}}""")))
                .singleElement().asString().contains("exactly one");
        assertThat(schema.problems(cluster("""
                spec: {autoscaling: {minReplicas: 1, maxReplicas: 2, targetCPUUtilizationPercentage: 50,
                       metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]}}
                """))).singleElement().asString().contains("autoscaling.metrics or autoscaling.targetCPUUtilizationPercentage");
        assertThat(schema.problems(cluster("""
                spec: {imagePullSecrets: [{name: registry}], serviceAccountName: predictor, podLabels: {team: a},
                       service: {annotations: {a: b}, labels: {c: d}}, tls: {caBundle: {secret: {name: ca, key: ca.crt}}},
                       autoscaling: {minReplicas: 1, maxReplicas: 2, behavior: {scaleDown: {stabilizationWindowSeconds: 60}}},
                       networkPolicy: {clients: [{}], monitoring: [{namespaceSelector: {}}]}}
                """))).isEmpty();
    }

    @Test
    void whatTheApiServerWouldNotStoreAsWrittenIsRefusedSayingWhy() throws IOException {
        assertThat(schema.problems(cluster("""
                spec: {autoscaling: {minReplicas: 1, maxReplicas: 2, behavior: {scaleDown: {tolerance: '0.1'}}}}""")))
                .singleElement().asString().contains("tolerance", "HPAConfigurableTolerance");
        assertThat(schema.problems(cluster("spec: {autoscaling: {minReplicas: 1, maxReplicas: 2, behavior: {}}}")))
                .isEmpty();
        assertThat(schema.problems(cluster("spec: {rollout: {maxSurge: '1'}}"))).singleElement().asString()
                .contains("rollout.maxSurge must be a number of pods (0 or more) or a percentage");
        assertThat(schema.problems(cluster("spec: {rollout: {maxSurge: -1}}"))).singleElement().asString()
                .contains("rollout.maxSurge");
        assertThat(schema.problems(cluster("spec: {rollout: {maxUnavailable: 101%}}"))).singleElement().asString()
                .contains("rollout.maxUnavailable must be a number of pods (0 or more) or a percentage up to 100%");
        assertThat(schema.problems(cluster("spec: {rollout: {maxSurge: 0%}}"))).singleElement().asString()
                .contains("cannot both be 0");
        assertThat(schema.problems(cluster("spec: {rollout: {maxSurge: 0, maxUnavailable: 00%}}"))).singleElement()
                .asString().contains("cannot both be 0");
        assertThat(schema.problems(cluster("spec: {disruptionBudget: {maxUnavailable: 150%}}"))).singleElement()
                .asString().contains("disruptionBudget.maxUnavailable");
        assertThat(schema.problems(cluster("""
                spec: {rollout: {maxSurge: 05%, maxUnavailable: 0100%}, disruptionBudget: {maxUnavailable: 0}}"""))).isEmpty();
    }

    @Test
    void qualityPredictionLogAndManagementPortRulesAreCheckedAtAdmission() throws IOException {
        assertThat(schema.problems(cluster("""
                spec: {elasticsearch: {url: 'http://es:9200'},
                       quality: {autoShipPrecision: 0.99, outcomeCheckInterval: PT10M, drift: {minOutcomes: 5, tolerance: 0.2}},
                       predictionLog: {enabled: true, index: shop-predictions, retention: P7D},
                       networkPolicy: {clients: [{}], adminClients: [{podSelector: {matchLabels: {app: ops}}}]}}
                """))).isEmpty();
        assertThat(schema.problems(cluster("spec: {predictionLog: {enabled: true}}"))).singleElement().asString()
                .contains("predictionLog.enabled needs spec.elasticsearch");
        assertThat(schema.problems(cluster("spec: {predictionLog: {enabled: false}}"))).isEmpty();
        assertThat(schema.problems(cluster("spec: {quality: {autoShipPrecision: 0.4}}"))).singleElement().asString()
                .contains("autoShipPrecision");
        assertThat(schema.problems(cluster("spec: {quality: {drift: {tolerance: 2}}}"))).singleElement().asString()
                .contains("tolerance");
        assertThat(schema.problems(cluster("spec: {predictionLog: {index: Shop}}"))).singleElement().asString()
                .contains("index");
        assertThat(schema.problems(cluster("spec: {service: {port: 9090}}"))).singleElement().asString()
                .contains("service.port must not be 9090");
    }

    @Test
    void redisModesAreCheckedAtAdmission() throws IOException {
        assertThat(schema.problems(cluster("""
                spec: {redis: {sentinels: {addresses: ['s-0:26379', '[fd00::1]:26380'], masterName: mymaster,
                                           passwordSecret: {name: s, key: pw}}, tls: true, database: 1}}""")))
                .isEmpty();
        assertThat(schema.problems(cluster("spec: {redis: {clusterNodes: ['r-0:6379'], database: 0}}"))).isEmpty();
        assertThat(schema.problems(cluster("spec: {redis: {url: 'redis://r', clusterNodes: ['r-0:6379']}}")))
                .singleElement().asString().contains("exactly one of url, sentinels and clusterNodes");
        assertThat(schema.problems(cluster("spec: {redis: {url: 'rediss://r', database: 2}}"))).singleElement()
                .asString().contains("the URL says them");
        assertThat(schema.problems(cluster("spec: {redis: {clusterNodes: ['r-0:6379'], database: 2}}")))
                .singleElement().asString().contains("must be 0 with clusterNodes");
        assertThat(schema.problems(cluster("spec: {redis: {clusterNodes: ['r-0']}}"))).isNotEmpty();
        assertThat(schema.problems(cluster("spec: {redis: {sentinels: {addresses: ['s:1']}}}"))).isNotEmpty();
    }

    @Test
    void theScaleSubresourceUsesTheSpecAndStatusReplicasAndTheStatusSelector() throws IOException {
        JsonNode crd = CrdSchema.YAML.readTree(MockApiServer.generatedCrd().toFile());
        JsonNode scale = crd.at("/spec/versions/0/subresources/scale");
        assertThat(scale.path("specReplicasPath").asText()).isEqualTo(".spec.replicas");
        assertThat(scale.path("statusReplicasPath").asText()).isEqualTo(".status.replicas");
        assertThat(scale.path("labelSelectorPath").asText()).isEqualTo(".status.selector");
        // kubectl scale writes spec.replicas: with autoscaling set the CEL rule refuses it, the autoscaler wins
        assertThat(schema.problems(cluster("spec: {replicas: 3, autoscaling: {minReplicas: 2, maxReplicas: 5}}")))
                .singleElement().asString().contains("either replicas or autoscaling");
    }

    @Test
    void schemaAcceptsANearlyEmptySpec() throws IOException {
        assertThat(schema.problems(cluster("spec: {image: 'example/predictor:1'}"))).isEmpty();
        assertThat(schema.problems(cluster("spec: {}"))).isEmpty();
    }

    private static JsonNode named(String name) throws IOException {
        return CrdSchema.YAML.readTree("""
                apiVersion: autoship.dev/v1alpha1
                kind: PredictorCluster
                metadata: {name: '%s'}
                spec: {}
                """.formatted(name));
    }

    private static JsonNode cluster(String specYaml) throws IOException {
        return CrdSchema.YAML.readTree("""
                apiVersion: autoship.dev/v1alpha1
                kind: PredictorCluster
                metadata: {name: t}
                """ + specYaml);
    }
}
