package dev.autoship.predictor.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.logs.CapturedLogs;
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
        server = PredictorServer.create(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0"))).start();
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

    @ParameterizedTest(name = "{0} {1} on the {2} port")
    @CsvSource({
            "GET, /, public, 404, not_found",
            "GET, /health, public, 404, not_found",
            "GET, /v1, public, 404, not_found",
            "GET, /v1/nothing/here, public, 404, not_found",
            "GET, /v1/predictions, public, 405, method_not_allowed",
            "GET, /v1/predictions/, public, 405, method_not_allowed",
            "PUT, /v1/predictions/batch, public, 405, method_not_allowed",
            "PUT, /v1/predictions/batch/, public, 405, method_not_allowed",
            "POST, /v1/models/demo-customer-01, public, 405, method_not_allowed",
            "DELETE, /v1/models/demo-customer-01, public, 405, method_not_allowed",
            "POST, /openapi, public, 405, method_not_allowed",
            "DELETE, /openapi, public, 405, method_not_allowed",
            "GET, /observe/health, public, 404, not_found",
            "GET, /observe/metrics, public, 404, not_found",
            "GET, /, management, 404, not_found",
            "GET, /observe/info, management, 404, not_found",
            "POST, /v1/predictions, management, 404, not_found",
            "GET, /v1/models/demo-customer-01, management, 405, method_not_allowed",
            "GET, /openapi, management, 404, not_found",
            "POST, /observe/health, management, 405, method_not_allowed",
            "DELETE, /observe/metrics, management, 405, method_not_allowed",
            "PATCH, /observe/health/ready, management, 405, method_not_allowed"})
    void unknownPathsAndWrongMethodsGetJsonErrors(String method, String path, String port, int status, String code)
            throws Exception {
        RawHttpConnection.Response response = exchange(port(port), method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Length: 0\r\n\r\n");

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).as("the message names the path asked for").contains(path);
        if (status == 405) {
            assertThat(response.header("allow")).isPresent();
        }
    }

    @ParameterizedTest(name = "{0} {1} on the {2} port")
    @CsvSource({
            "HEAD, /observe/metrics, management, 200",
            "HEAD, /observe/health, management, 204",
            "GET, /observe/metrics, management, 200",
            "GET, /observe/health/ready, management, 200",
            "GET, /openapi, public, 200"})
    void observeAndDescriptionEndpointsAnswerTheirMethods(String method, String path, String port, int status)
            throws Exception {
        RawHttpConnection.Response response = exchange(port(port), method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(response.status()).isEqualTo(status);
    }

    @Test
    void aBatchPathWithATrailingSlashIsServedLikeTheSinglePredictionsOne() throws Exception {
        String batch = "{\"customerId\": \"demo-customer-01\", \"orders\": [{\"orderId\": \"A-1\"}]}";
        for (String path : new String[] {"/v1/predictions/batch", "/v1/predictions/batch/"}) {
            RawHttpConnection.Response response = exchange(server.port(), "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + batch.length() + "\r\n\r\n" + batch);
            assertThat(response.status()).as(path).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "Content-Encoding: {0}")
    @ValueSource(strings = {"gzip", "br", "deflate"})
    void aCompressedBodyIsA415NamingItsEncodingAndWhatIsAccepted(String encoding) throws Exception {
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        try (RawHttpConnection connection = new RawHttpConnection(server.port(), Duration.ofSeconds(5))) {
            connection.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Encoding: " + encoding + "\r\nContent-Length: " + gzip.length + "\r\n\r\n"
                    + new String(gzip, java.nio.charset.StandardCharsets.ISO_8859_1));
            RawHttpConnection.Response response = connection.readResponse()
                    .orElseThrow(() -> new AssertionError("closed without an answer"));

            assertThat(response.status()).isEqualTo(415);
            assertThat(response.header("accept-encoding")).contains("identity");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("error").asText()).isEqualTo("unsupported_media_type");
            assertThat(body.get("message").asText()).contains("'" + encoding + "'").contains("uncompressed");
        }
    }

    private static int port(String name) {
        return "management".equals(name) ? server.managementPort() : server.port();
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
            RawHttpConnection.Response response = connection.readResponse()
                    .orElseThrow(() -> new AssertionError("closed without an answer"));
            assertThat(response.status()).isBetween(400, 499);
            assertThat(response.header("connection")).contains("close");
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
        assertThat(exchange(server.managementPort(), "GET /observe/health/live HTTP/1.1\r\nHost: localhost\r\n\r\n").status())
                .isEqualTo(200);
    }

    private static RawHttpConnection.Response exchange(int port, String request) throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(port, Duration.ofSeconds(5))) {
            return connection.send(request).readResponse().orElseThrow();
        }
    }
}
