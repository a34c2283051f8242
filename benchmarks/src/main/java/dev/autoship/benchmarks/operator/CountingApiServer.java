package dev.autoship.benchmarks.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * kubernetes-server-mock in CRUD mode with the checked-in CRD registered (so status is a
 * subresource), counting the requests of every client except the benchmark's own by kind
 * (GET and LIST as GET, WATCH, POST, PUT, PATCH, DELETE).
 */
final class CountingApiServer implements AutoCloseable {
    static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String BENCHMARK_AGENT = "autoship-benchmark";

    // MockWebServer logs every request at INFO: at hundreds of clusters that is the benchmark's main CPU cost
    private final Logger mockLog = Logger.getLogger(MockWebServer.class.getName());
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    CountingApiServer(Path crd) throws IOException {
        mockLog.setLevel(Level.WARNING);
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of()) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String agent = request.getHeader("User-Agent");
                if (agent == null || !agent.startsWith(BENCHMARK_AGENT)) {
                    requests.computeIfAbsent(kind(request), k -> new LongAdder()).increment();
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        Config config = new ConfigBuilder(server.createClient().getConfiguration()).withUserAgent(BENCHMARK_AGENT).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        try (InputStream yaml = Files.newInputStream(crd)) {
            client.resource(client.getKubernetesSerialization().unmarshal(yaml, CustomResourceDefinition.class)).create();
        }
    }

    private static String kind(RecordedRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method)) {
            return method;
        }
        return request.getPath().contains("watch=true") ? "WATCH" : "GET";
    }

    String url() {
        return client.getMasterUrl().toString();
    }

    /** The benchmark's own client (its requests are not counted). */
    KubernetesClient client() {
        return client;
    }

    /** Requests counted so far, by kind. */
    Map<String, Long> requests() {
        Map<String, Long> counts = new TreeMap<>();
        requests.forEach((kind, count) -> counts.put(kind, count.sum()));
        return counts;
    }

    void resetCounts() {
        requests.clear();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
