package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;
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
            nameOverride: ThisIsNotADnsLabel           | at '/nameOverride': 'ThisIsNotADnsLabel' does not match pattern
            fullnameOverride: Shipping                 | at '/fullnameOverride': 'Shipping' does not match pattern
            resources: {requests: {cpu: abc}}          | at '/resources/requests/cpu'
            resources: {limits: {memory: 512MB}}       | at '/resources/limits/memory'
            resources: {requests: {memory: -1Gi}}      | at '/resources/requests/memory'
            resources: {requests: {cpu: -0.5}}         | at '/resources/requests/cpu'
            podLabels: {team: platform engineering}    | at '/podLabels/team': 'platform engineering' does not match pattern
            podLabels: {team/owner/x: a}               | invalid propertyName 'team/owner/x'
            podAnnotations: {bad key: a}               | invalid propertyName 'bad key'
            nodeSelector: {disk: -ssd}                 | at '/nodeSelector/disk'
            priorityClassName: High_Priority           | at '/priorityClassName': 'High_Priority' does not match pattern
            podDisruptionBudget: {minAvailable: half}  | at '/podDisruptionBudget/minAvailable'
            topologySpreadConstraints: [{maxSkew: 1}]  | at '/topologySpreadConstraints/0': missing properties 'topologyKey', 'whenUnsatisfiable'
            rbac: {aggregateToDefaultRoles: no thanks} | at '/rbac/aggregateToDefaultRoles': got string, want boolean
            commonLabels: {team: platform engineering} | at '/commonLabels/team': 'platform engineering' does not match pattern
            dashboards: {namespace: Monitoring}        | at '/dashboards/namespace': 'Monitoring' does not match pattern
            dashboards: {labels: {grafana_dashboard: 1}} | at '/dashboards/labels/grafana_dashboard': got number, want string
            metrics: {prometheusRule: {enabled: "on"}}  | at '/metrics/prometheusRule/enabled': got string, want boolean
            metrics: {prometheusRule: {alerts: {serverErrors: {threshold: 5}}}} | at '/metrics/prometheusRule/alerts/serverErrors/threshold': exclusiveMaximum
            metrics: {prometheusRule: {alerts: {latency: {threshold: 0}}}} | at '/metrics/prometheusRule/alerts/latency/threshold': exclusiveMinimum
            metrics: {prometheusRule: {alerts: {connectionsShed: {threshold: -1}}}} | at '/metrics/prometheusRule/alerts/connectionsShed/threshold': minimum
            metrics: {prometheusRule: {alerts: {trainingsQueued: {threshold: 2.5}}}} | at '/metrics/prometheusRule/alerts/trainingsQueued/threshold': got number, want integer
            metrics: {prometheusRule: {alerts: {latency: {for: 10 minutes}}}} | at '/metrics/prometheusRule/alerts/latency/for': '10 minutes' does not match pattern
            metrics: {prometheusRule: {alerts: {latency: {severity: ""}}}} | at '/metrics/prometheusRule/alerts/latency/severity'
            metrics: {prometheusRule: {alerts: {lateny: {enabled: false}}}} | at '/metrics/prometheusRule/alerts': additional properties 'lateny' not allowed
            metrics: {prometheusRule: {alertLabels: {ml-team: platform}}} | invalid propertyName 'ml-team'
            metrics: {prometheusRule: {labels: {release: kube prometheus}}} | at '/metrics/prometheusRule/labels/release': 'kube prometheus' does not match pattern
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
            'extraEnv: [{name: AUTOSHIP_OPERATOR_LEASE_NAME, value: x}]' | extraEnv[0] sets AUTOSHIP_OPERATOR_LEASE_NAME, which the chart already sets
            'extraEnv: [{name: TZ, value: UTC}, {name: AUTOSHIP_LOG_FORMAT, value: json}]' | extraEnv[1] sets AUTOSHIP_LOG_FORMAT, which the chart already sets
            'extraEnv: [{name: JAVA_TOOL_OPTIONS, value: a}, {name: TZ, value: UTC}, {name: JAVA_TOOL_OPTIONS, value: b}]' | extraEnv[2] sets JAVA_TOOL_OPTIONS a second time (first at extraEnv[0])
            'metrics: {serviceMonitor: {enabled: true, interval: 30s, scrapeTimeout: 1m}}' | metrics.serviceMonitor.scrapeTimeout (1m) must not exceed metrics.serviceMonitor.interval (30s)
            'metrics: {serviceMonitor: {enabled: true, interval: 1m, scrapeTimeout: 1m500ms}}' | metrics.serviceMonitor.scrapeTimeout (1m500ms) must not exceed metrics.serviceMonitor.interval (1m)
            'fullnameOverride: 9-lives'                                    | the metrics Service would be named 9-lives-metrics, but Service names must start with a letter
            'commonLabels: {app.kubernetes.io/part-of: shop}'              | commonLabels must not set app.kubernetes.io/part-of: the chart sets it on every resource
            'commonLabels: {rbac.authorization.k8s.io/aggregate-to-admin: "true"}' | commonLabels must not set rbac.authorization.k8s.io/aggregate-to-admin
            'commonLabels: {team: platform}\npodLabels: {team: shop}'     | podLabels must not set team: commonLabels already sets it
            'resources: {requests: {memory: 1Gi}}'                         | resources.requests.memory (1Gi) exceeds resources.limits.memory (512Mi)
            'resources: {requests: {cpu: "2"}, limits: {cpu: 1500m}}'      | resources.requests.cpu (2) exceeds resources.limits.cpu (1500m)
            'resources: {requests: {cpu: 0.5}, limits: {cpu: 499m}}'       | resources.requests.cpu (0.5) exceeds resources.limits.cpu (499m)
            'resources: {requests: {cpu: "5e-1"}, limits: {cpu: 400m}}'    | resources.requests.cpu (5e-1) exceeds resources.limits.cpu (400m)
            'resources: {requests: {memory: 2e9}, limits: {memory: 1G}}'   | resources.requests.memory (2e+09) exceeds resources.limits.memory (1G)
            'podLabels: {app.kubernetes.io/name: mine}'                    | podLabels must not set app.kubernetes.io/name: the chart sets it
            'replicaCount: 2\npodDisruptionBudget: {enabled: true, minAvailable: 2}' | podDisruptionBudget.minAvailable (2, i.e. 2 pods) must be below replicaCount (2)
            'replicaCount: 3\npodDisruptionBudget: {enabled: true, minAvailable: "90%"}' | podDisruptionBudget.minAvailable (90%, i.e. 3 pods) must be below replicaCount (3)
            'serviceAccount: {create: false}'                            | serviceAccount.name must name an existing ServiceAccount
            'metrics: {prometheusRule: {enabled: true, alertLabels: {team: ml, severity: page}}}' | metrics.prometheusRule.alertLabels must not set severity: every alert sets its own
            """)
    void contradictoryValuesAreRefusedWithAnExplanation(String valuesYaml, String expectedMessage) {
        assertThatThrownBy(() -> chart.render(valuesYaml.replace("\\n", "\n")))
                .hasMessageContaining(expectedMessage);
    }

    /** The checks above are no stricter than Kubernetes and Prometheus: what they accept renders. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            'resources: {requests: {cpu: 0.5, memory: 1.5Gi}, limits: {cpu: "2", memory: 2e9}}'
            'resources: {requests: {cpu: 250m, ephemeral-storage: 1G, example.com/gpu: 1}, limits: {memory: +512Mi}}'
            'resources: {requests: {cpu: 100m, memory: 0.5Gi}, limits: {cpu: 0.1, memory: 512Mi}}'
            'resources: {requests: {cpu: 1500m, memory: 1e9, ephemeral-storage: 1Gi}, limits: {cpu: "2", memory: 1G, ephemeral-storage: 1.5Gi}}'
            'resources: {requests: {memory: 1Gi}, limits: {memory: 1Gi}}'
            'resources: {requests: {cpu: "5e-1"}, limits: {cpu: 500m}}'
            'metrics: {serviceMonitor: {enabled: true, interval: 1m30s, scrapeTimeout: 90s}}'
            'metrics: {serviceMonitor: {enabled: true, interval: 1s, scrapeTimeout: 500ms}}'
            'metrics: {serviceMonitor: {enabled: false, interval: 10s, scrapeTimeout: 1m}}'
            'nameOverride: 9-lives\nfullnameOverride: shipping-operator'
            'fullnameOverride: 9-lives\nmetrics: {enabled: false}'
            'podLabels: {team: platform, example.com/cost-center: CC_42}\npodAnnotations: {example.com/owner: "Platform team <platform@example.com>"}'
            'extraEnv: [{name: JAVA_TOOL_OPTIONS, value: -Xss512k}, {name: AUTOSHIP_OPERATOR_FUTURE_SETTING, value: x}]'
            'replicaCount: 3\npodDisruptionBudget: {enabled: true, minAvailable: "50%"}'
            'replicaCount: 1\npodDisruptionBudget: {enabled: true, minAvailable: 5}'
            'metrics: {prometheusRule: {enabled: true, alertLabels: {alert_route: ml_platform, team: "ML platform"}, alerts: {historyUnavailable: {threshold: 0.5, for: 0s}, modelRefreshFailures: {threshold: 2}, trainingsQueued: {threshold: 0}, latency: {threshold: 0.025, for: 1h30m}, connectionsShed: {threshold: 0.5, for: 1h}}}}'
            """)
    void valuesAClusterAcceptsRender(String valuesYaml) {
        assertThat(chart.render(valuesYaml.replace("\\n", "\n")).operatorDeployment()).isNotNull();
    }
}
