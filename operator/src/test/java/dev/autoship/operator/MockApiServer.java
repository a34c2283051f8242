package dev.autoship.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * kubernetes-server-mock in CRUD mode with the generated CRD registered (so status is a subresource),
 * recording every write request it serves.
 */
public final class MockApiServer implements AutoCloseable {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final Queue<String> writes = new ConcurrentLinkedQueue<>();
    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;

    public MockApiServer() throws IOException {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher(List.of()) {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (WRITES.contains(request.getMethod())) {
                    writes.add(request.getMethod() + " " + request.getPath());
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init();
        client = server.createClient();
        try (InputStream crd = new FileInputStream(generatedCrd().toFile())) {
            client.resource(client.getKubernetesSerialization().unmarshal(crd, CustomResourceDefinition.class)).create();
        }
    }

    public static Path generatedCrd() {
        return Path.of(System.getProperty("autoship.crd.generated",
                "target/classes/META-INF/fabric8/predictorclusters.autoship.dev-v1.yml"));
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** Write requests ("METHOD path") served so far whose path mentions {@code fragment}. */
    public List<String> writesMentioning(String fragment) {
        return writes.stream().filter(w -> w.contains(fragment)).toList();
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
