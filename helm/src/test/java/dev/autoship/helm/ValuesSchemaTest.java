package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesSchemaTest {

    private final OperatorChart chart = new OperatorChart();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            replicaCount: two                          | replicaCount: Invalid type. Expected: integer, given: string
            replicaCount: 0                            | replicaCount: Must be greater than or equal to 1
            watchNamespaces: shop                      | watchNamespaces: Invalid type. Expected: array, given: string
            watchNamespaces: [Shop_Floor]              | watchNamespaces.0: Does not match pattern
            watchNamespaces: [shop, shop]              | watchNamespaces: array items[0,1] must be unique
            'leaderElection: {enabled: yes please}'    | leaderElection.enabled: Invalid type. Expected: boolean, given: string
            logFormat: xml                             | logFormat: logFormat must be one of the following: "text", "json"
            'crds: {install: 1}'                       | crds.install: Invalid type. Expected: boolean, given: integer
            'image: {pullPolicy: Sometimes}'           | image.pullPolicy: image.pullPolicy must be one of the following
            'metrics: {service: {port: 70000}}'        | metrics.service.port: Must be less than or equal to 65535
            'metrics: {serviceMonitor: {interval: 1}}' | metrics.serviceMonitor.interval: Invalid type. Expected: string, given: integer
            watchNamespace: [shop]                     | Additional property watchNamespace is not allowed
            'leaderElection: {lease: x}'               | leaderElection: Additional property lease is not allowed
            'metrics: {service: null}'                 | metrics: service is required
            """)
    void schemaRejectsWrongValuesNamingTheValue(String valuesYaml, String expectedMessage) {
        assertThatThrownBy(() -> chart.render(valuesYaml))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(expectedMessage);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'replicaCount: 2\nleaderElection: {enabled: false}'          | replicaCount is 2 but leaderElection.enabled is false
            'metrics: {enabled: false, serviceMonitor: {enabled: true}}' | metrics.serviceMonitor.enabled needs metrics.enabled
            'extraEnv: [{name: AUTOSHIP_OPERATOR_LEASE_NAME, value: x}]' | extraEnv must not set AUTOSHIP_OPERATOR_LEASE_NAME
            'serviceAccount: {create: false}'                            | serviceAccount.name must name an existing ServiceAccount
            """)
    void contradictoryValuesAreRefusedWithAnExplanation(String valuesYaml, String expectedMessage) {
        assertThatThrownBy(() -> chart.render(valuesYaml.replace("\\n", "\n")))
                .hasMessageContaining(expectedMessage);
    }
}
