package dev.autoship.predictor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests for what does not exist, with the wrong method, or not HTTP at all get a JSON 4xx, never a 500, and
 * nothing is logged as a warning or an error: anyone can send them, so they must not flood the logs.
 */
class ProtocolErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PredictorServer server;
    private final CapturedLogs logs = new CapturedLogs();

    @BeforeAll
    static void start() {
        server = PredictorServer.create(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0"))).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void nothingLogged() {
        try (logs) {
            assertThat(logs.warningsAndErrors()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "GET, /, 404, not_found",
            "GET, /health, 404, not_found",
            "GET, /observe/info, 404, not_found",
            "GET, /v1, 404, not_found",
            "GET, /v1/nothing/here, 404, not_found",
            "GET, /v1/predictions, 405, method_not_allowed",
            "PUT, /v1/predictions/batch, 405, method_not_allowed",
            "POST, /v1/models/demo-customer-01, 405, method_not_allowed",
            "POST, /observe/health, 405, method_not_allowed",
            "DELETE, /observe/metrics, 405, method_not_allowed",
            "PATCH, /observe/health/ready, 405, method_not_allowed"})
    void unknownPathsAndWrongMethodsGetJsonErrors(String method, String path, int status, String code) throws Exception {
        RawHttpConnection.Response response = exchange(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 0\r\n\r\n");

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        if (status == 405) {
            assertThat(response.header("allow")).isPresent();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "GARBAGE\r\n\r\n",
            "GET / HTTP/1.1 extra\r\nHost: localhost\r\n\r\n",
            "GET /\u0001 HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET / HTTP/1.1\r\nHost localhost\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n",
            "POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/9.9\r\nHost: localhost\r\n\r\n"})
    void malformedHttpIsA400ThatClosesTheConnection(String request) throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(server.port(), Duration.ofSeconds(5))) {
            connection.send(request);
            var response = connection.readResponse();
            if (response.isPresent()) {
                assertThat(response.get().status()).isBetween(400, 499);
                assertThat(response.get().header("connection")).contains("close");
            }
            assertThat(connection.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void clientGoingAwayMidBodyIsNotAnError() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(server.port(), Duration.ofSeconds(5))) {
            connection.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"customerId\": ");
        }
        try (RawHttpConnection connection = new RawHttpConnection(server.port(), Duration.ofSeconds(5))) {
            connection.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"customerId\": ");
        }
        // the server notices the end of each connection by itself; give it the time to log if it would
        Thread.sleep(500);
        assertThat(exchange("GET /observe/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n").status()).isEqualTo(200);
    }

    private static RawHttpConnection.Response exchange(String request) throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(server.port(), Duration.ofSeconds(5))) {
            return connection.send(request).readResponse().orElseThrow();
        }
    }
}
