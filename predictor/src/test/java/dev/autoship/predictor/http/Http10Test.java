package dev.autoship.predictor.http;

import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/1.0 clients (health checkers, old load balancers) get complete answers, then the connection closes. */
class Http10Test {

    private static PredictorServer server;

    @BeforeAll
    static void start() {
        server = PredictorServer.create(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0"))).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "GET /observe/health/ready HTTP/1.0\r\n\r\n",
            "GET /observe/health/live HTTP/1.0\r\nHost: predictor\r\n\r\n",
            "GET /observe/health HTTP/1.0\r\nConnection: keep-alive\r\nUser-Agent: checker/1.0\r\n\r\n",
            "GET /observe/metrics HTTP/1.0\r\n\r\n"})
    void healthAndMetricsAnswerHttp10(String request) throws Exception {
        RawHttpConnection.Response response = exchangeThenClosed(server.managementPort(), request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("transfer-encoding")).isEmpty();
        assertThat(response.header("content-length")).isPresent();
        assertThat(response.body()).isNotEmpty();
    }

    @Test
    void predictionOverHttp10() throws Exception {
        String order = Files.readString(Path.of("..", "examples", "order.json"));

        RawHttpConnection.Response response = exchangeThenClosed(server.port(), "POST /v1/predictions HTTP/1.0\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + order.length() + "\r\n\r\n" + order);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"orderId\":\"A-10001\"");
    }

    @Test
    void errorsAnswerHttp10Too() throws Exception {
        RawHttpConnection.Response response = exchangeThenClosed(server.port(), "GET /nothing HTTP/1.0\r\n\r\n");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("\"error\":\"not_found\"");
    }

    private static RawHttpConnection.Response exchangeThenClosed(int port, String request) throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(port, Duration.ofSeconds(10))) {
            RawHttpConnection.Response response = connection.send(request).readResponse().orElseThrow();
            assertThat(response.header("connection")).contains("close");
            assertThat(connection.readUntilClosed()).as("bytes after the answer").isEmpty();
            return response;
        }
    }
}
