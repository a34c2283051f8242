package dev.autoship.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.operator.rbac.OperatorPermissions;
import dev.autoship.operator.monitoring.PodMonitor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * kubernetes-server-mock in CRUD mode with the generated CRD registered (so status is a subresource),
 * storing objects with the defaults a real API server adds ({@link ApiServerDefaults}), recording every write
 * request it serves.
 */
public final class MockApiServer implements AutoCloseable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** A write request served: method, path, the client's User-Agent and when it arrived. */
    private record Write(String method, String path, String userAgent, Instant at) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private final Queue<Write> writes = new ConcurrentLinkedQueue<>();
    private final Queue<KubernetesClient> clients = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> failingWrites = new ConcurrentHashMap<>();
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    public MockApiServer() throws IOException {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of()) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (WRITES.contains(request.getMethod())) {
                    writes.add(new Write(request.getMethod(), request.getPath(), request.getHeader("User-Agent"),
                            Instant.now()));
                    for (var failing : failingWrites.entrySet()) {
                        if (request.getPath().contains(failing.getKey())) {
                            return new MockResponse().setResponseCode(failing.getValue()).setBody(
                                    "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                                            + "\"message\":\"injected failure\",\"code\":" + failing.getValue() + "}");
                        }
                    }
                }
                if ("POST".equals(request.getMethod()) && request.getPath().endsWith("/selfsubjectrulesreviews")) {
                    return rulesReview(request);
                }
                return super.dispatch(request);
            }

            @Override
            public MockResponse handleCreate(RecordedRequest request) {
                try {
                    return super.handleCreate(withServerDefaults(request));
                } catch (IllegalArgumentException e) {
                    return invalid(e);
                }
            }

            @Override
            public MockResponse handleUpdate(RecordedRequest request) {
                try {
                    return super.handleUpdate(withServerDefaults(request));
                } catch (IllegalArgumentException e) {
                    return invalid(e);
                }
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        try (InputStream crd = new FileInputStream(generatedCrd().toFile())) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
        }
        client.resource(podMonitorCrd()).create();
    }

    private static RecordedRequest withServerDefaults(RecordedRequest request) {
        byte[] body = ApiServerDefaults.apply(request.getBody().getBytes(), MAPPER);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(body));
    }

    /** What the API server answers to a value it cannot store (a quantity that is none). */
    private static MockResponse invalid(IllegalArgumentException e) {
        return new MockResponse().setResponseCode(422).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"reason\":\"Invalid\",\"code\":422,\"message\":"
                + new KubernetesSerialization().asJson(e.getMessage()) + "}");
    }

    /** The Prometheus Operator's PodMonitor CRD, as installed with it (schema left open here). */
    private static CustomResourceDefinition podMonitorCrd() {
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName(HasMetadata.getFullResourceName(PodMonitor.class)).endMetadata()
                .withNewSpec().withGroup(HasMetadata.getGroup(PodMonitor.class)).withScope("Namespaced")
                .withNewNames().withKind("PodMonitor").withPlural(HasMetadata.getPlural(PodMonitor.class))
                .withSingular("podmonitor").endNames()
                .addNewVersion().withName(HasMetadata.getVersion(PodMonitor.class)).withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion()
                .endSpec().build();
    }

    public static Path generatedCrd() {
        return Path.of(System.getProperty("autoship.crd.generated",
                "target/classes/META-INF/fabric8/predictorclusters.autoship.dev-v1.yml"));
    }

    public String url() {
        return client.getMasterUrl().toString();
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** Write requests ("METHOD path") served so far whose path mentions {@code fragment}. */
    public List<String> writesMentioning(String fragment) {
        return writes.stream().filter(w -> w.path().contains(fragment)).map(Write::toString).toList();
    }

    /** Write requests ("METHOD path") of the clients with {@code userAgent} whose path mentions {@code fragment}. */
    public List<String> writesBy(String userAgent, String fragment) {
        return writes.stream().filter(w -> userAgent.equals(w.userAgent()) && w.path().contains(fragment))
                .map(Write::toString).toList();
    }

    /** When the write requests of {@code userAgent} whose path ends with {@code pathEnd} arrived, oldest first. */
    public List<Instant> writeTimes(String userAgent, String pathEnd) {
        return writes.stream().filter(w -> userAgent.equals(w.userAgent()) && w.path().endsWith(pathEnd))
                .map(Write::at).toList();
    }

    /** Another client of this server whose requests carry {@code userAgent}; closed with the server. */
    public NamespacedKubernetesClient newClient(String userAgent) {
        Config config = new ConfigBuilder(client.getConfiguration()).withUserAgent(userAgent).build();
        NamespacedKubernetesClient other = new KubernetesClientBuilder().withConfig(config).build()
                .adapt(NamespacedKubernetesClient.class);
        clients.add(other);
        return other;
    }

    /** Until {@link #healWrites()}, write requests whose path contains {@code pathFragment} get {@code code}. */
    public void failWrites(String pathFragment, int code) {
        failingWrites.put(pathFragment, code);
    }

    public void healWrites() {
        failingWrites.clear();
    }

    /**
     * The mock has no authorizer: answer a SelfSubjectRulesReview (JOSDK's leader election asks one) with exactly
     * the rules the Helm chart grants from {@link OperatorPermissions#leaderElectionRules()}.
     */
    private MockResponse rulesReview(RecordedRequest request) {
        var serialization = new KubernetesSerialization();
        SelfSubjectRulesReview review = serialization.unmarshal(request.getBody().readUtf8(),
                SelfSubjectRulesReview.class);
        List<ResourceRule> rules = OperatorPermissions.leaderElectionRules().stream()
                .map(rule -> new ResourceRuleBuilder().withApiGroups(rule.getApiGroups())
                        .withResources(rule.getResources()).withVerbs(rule.getVerbs()).build())
                .toList();
        review.setStatus(new SubjectRulesReviewStatusBuilder().withIncomplete(false).withResourceRules(rules).build());
        return new MockResponse().setResponseCode(201).setBody(serialization.asJson(review));
    }

    public void forgetWrites() {
        writes.clear();
    }

    @Override
    public void close() {
        clients.forEach(KubernetesClient::close);
        client.close();
        server.destroy();
    }
}
