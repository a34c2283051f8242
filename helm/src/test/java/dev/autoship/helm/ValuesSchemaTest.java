package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValuesSchemaTest {

    private final OperatorChart chart = new OperatorChart();

    // Messages as Helm 3.18+ (helm-java 0.0.19) words them: the JSON pointer of the value, then what is wrong.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            replicaCount: two                          | at '/replicaCount': got string, want integer
            replicaCount: 0                            | at '/replicaCount': minimum: got 0, want 1
            watchNamespaces: shop                      | at '/watchNamespaces': got string, want array
            watchNamespaces: [Shop_Floor]              | at '/watchNamespaces/0': 'Shop_Floor' does not match pattern
            watchNamespaces: [shop, shop]              | at '/watchNamespaces': items at 0 and 1 are equal
            leaderElection: {enabled: yes please}      | at '/leaderElection/enabled': got string, want boolean
            logFormat: xml                             | at '/logFormat': value must be one of 'text', 'json'
            crds: {install: 1}                         | at '/crds/install': got number, want boolean
            image: {pullPolicy: Sometimes}             | at '/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'
            metrics: {service: {port: 70000}}          | at '/metrics/service/port': maximum: got 70,000, want 65,535
            metrics: {serviceMonitor: {interval: 1}}   | at '/metrics/serviceMonitor/interval': got number, want string
            watchNamespace: [shop]                     | additional properties 'watchNamespace' not allowed
            leaderElection: {lease: x}                 | at '/leaderElection': additional properties 'lease' not allowed
            metrics: {service: null}                   | at '/metrics': missing property 'service'
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
