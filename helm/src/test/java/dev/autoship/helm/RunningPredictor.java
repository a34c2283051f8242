package dev.autoship.helm;

import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real predictor, started in this JVM in embedded mode (demo history, memory cache) on a free port. */
final class RunningPredictor implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PredictorServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningPredictor(PredictorServer server) {
        this.server = server;
    }

    static RunningPredictor start() {
        return start(Map.of());
    }

    /** Started with these settings (environment variable names) besides the port. */
    static RunningPredictor start(Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.put("AUTOSHIP_SERVER_PORT", "0");
        environment.put("AUTOSHIP_MANAGEMENT_PORT", "0");
        return new RunningPredictor(PredictorServer.create(PredictorSettings.from(environment)).start());
    }

    /** Its Elasticsearch is at a loopback port nothing listens on, so a customer without a model gets a 503. */
    static RunningPredictor startWithUnreachableElasticsearch() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        return start(Map.of("AUTOSHIP_ELASTICSEARCH_URL", "http://127.0.0.1:" + closedPort,
                "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT2S"));
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /** {@code GET /observe/metrics} in the Prometheus text format, as Prometheus scrapes it. */
    MetricsScrape scrape() throws IOException, InterruptedException {
        return MetricsScrape.parse(metrics());
    }

    /** The text of {@code GET /observe/metrics}. */
    String metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.managementPort()
                + "/observe/metrics")).timeout(TIMEOUT).header("Accept", "text/plain").GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /observe/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Opens a client connection to the public port that sends nothing, as a silent or hostile client does. */
    Socket connectSilently() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).timeout(TIMEOUT);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
