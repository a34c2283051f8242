package dev.autoship.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.operator.rbac.OperatorPermissions;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
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

    private final Queue<String> writes = new ConcurrentLinkedQueue<>();
    private final Map<String, Integer> failingWrites = new ConcurrentHashMap<>();
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    public MockApiServer() throws IOException {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of()) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (WRITES.contains(request.getMethod())) {
                    writes.add(request.getMethod() + " " + request.getPath());
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
                return super.handleCreate(withServerDefaults(request));
            }

            @Override
            public MockResponse handleUpdate(RecordedRequest request) {
                return super.handleUpdate(withServerDefaults(request));
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        try (InputStream crd = new FileInputStream(generatedCrd().toFile())) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
        }
    }

    private static RecordedRequest withServerDefaults(RecordedRequest request) {
        byte[] body = ApiServerDefaults.apply(request.getBody().getBytes(), MAPPER);
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new Buffer(body));
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
        return writes.stream().filter(w -> w.contains(fragment)).toList();
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
        client.close();
        server.destroy();
    }
}
