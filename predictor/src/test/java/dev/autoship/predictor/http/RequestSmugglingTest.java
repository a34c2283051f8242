package dev.autoship.predictor.http;

import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After an error that ends a request before its body was read (too large, bad chunk framing), the server closes
 * the connection and never parses the unread bytes as another request: a request hidden in such a body must not run.
 */
class RequestSmugglingTest {

    private static final int MAX_BYTES = 4_096;
    private static final String CUSTOMER = "demo-customer-05";
    /** Nobody else asks for this customer: a model held for it means the hidden request ran. */
    private static final String HIDDEN_CUSTOMER = "demo-customer-06";
    private static final String HIDDEN_REQUEST = hiddenPrediction(HIDDEN_CUSTOMER);
    private static final String CHUNKED_POST = "POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    private static PredictorServer server;

    @BeforeAll
    static void start() {
        server = PredictorServer.create(PredictorSettings.from(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0", "AUTOSHIP_MAX_REQUEST_BYTES", Integer.toString(MAX_BYTES)))).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void modelIsHeld() throws Exception {
        String order = Files.readString(Path.of("..", "examples", "order.json")).replace("demo-customer-01", CUSTOMER);
        try (RawHttpConnection connection = connect()) {
            connection.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + order.length() + "\r\n\r\n" + order);
            assertThat(connection.readResponse().orElseThrow().status()).isEqualTo(200);
        }
        assertModelStillHeld();
    }

    /** A whole prediction request, which trains and holds a model for its customer when it runs. */
    private static String hiddenPrediction(String customer) {
        String order;
        try {
            order = Files.readString(Path.of("..", "examples", "order.json")).replace("demo-customer-01", customer);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return "POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + order.length() + "\r\n\r\n" + order;
    }

    @Test
    void theHiddenRequestSentOnItsOwnWouldLeaveAModelBehind() throws Exception {
        String customer = "demo-customer-07";
        try (RawHttpConnection connection = connect()) {
            connection.send(hiddenPrediction(customer));
            assertThat(connection.readResponse().orElseThrow().status()).isEqualTo(200);
        }
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /v1/models/" + customer + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(connection.readResponse().orElseThrow().status()).isEqualTo(200);
        }
    }

    @Test
    void requestHiddenInAChunkLargerThanTheLimitDoesNotRun() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send(CHUNKED_POST + Integer.toHexString(MAX_BYTES + 1) + "\r\n" + HIDDEN_REQUEST);

            assertThat(answerThenClosed(connection, 413).body()).contains("\"error\":\"payload_too_large\"");
        }
        assertModelStillHeld();
    }

    @Test
    void requestHiddenAfterChunksThatAddUpPastTheLimitDoesNotRun() throws Exception {
        String chunk = "{" + " ".repeat(MAX_BYTES / 2) + "\r\n";
        try (RawHttpConnection connection = connect()) {
            connection.send(CHUNKED_POST + Integer.toHexString(chunk.length() - 2) + "\r\n" + chunk
                    + Integer.toHexString(chunk.length() - 2) + "\r\n" + chunk
                    + Integer.toHexString(HIDDEN_REQUEST.length()) + "\r\n" + HIDDEN_REQUEST + "\r\n0\r\n\r\n"
                    + HIDDEN_REQUEST);

            answerThenClosed(connection, 413);
        }
        assertModelStillHeld();
    }

    @ParameterizedTest(name = "chunk size line \"{0}\"")
    @ValueSource(strings = {"ZZZ", "-1", "", "1;\u0000", "fffffffffffffffff"})
    void invalidChunkSizeIsA400ThatClosesTheConnection(String sizeLine) throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send(CHUNKED_POST + sizeLine + "\r\n" + HIDDEN_REQUEST);

            assertThat(answerThenClosed(connection, 400).body()).contains("\"error\":\"invalid_request\"");
        }
        assertModelStillHeld();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/models/" + CUSTOMER, "/v1/no-such-endpoint"})
    void requestPipelinedAfterAClientsConnectionCloseIsNotProcessed(String path) throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n" + HIDDEN_REQUEST);

            answerThenClosed(connection, path.contains("models") ? 200 : 404);
        }
        assertModelStillHeld();
    }

    @Test
    void bodyShorterThanItsContentLengthThenAHiddenRequestIsOneBody() throws Exception {
        String body = "{\"customerId\": \"" + CUSTOMER + "\", \"order\": {\"orderId\": \"X\"}}";
        try (RawHttpConnection connection = connect()) {
            // the declared length swallows the DELETE: it is body bytes, never a request of its own
            connection.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (body.length() + HIDDEN_REQUEST.length()) + "\r\n\r\n" + body + HIDDEN_REQUEST);

            RawHttpConnection.Response response = connection.readResponse().orElseThrow();
            assertThat(response.status()).isEqualTo(400);
        }
        assertModelStillHeld();
    }

    /** The one answer on the connection, which says it closes and does: nothing follows it. */
    private static RawHttpConnection.Response answerThenClosed(RawHttpConnection connection, int status)
            throws IOException {
        RawHttpConnection.Response response = connection.readResponse().orElseThrow();
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("connection")).contains("close");
        assertThat(connection.readUntilClosed()).as("bytes after the answer").isEmpty();
        return response;
    }

    private static RawHttpConnection connect() throws IOException {
        return new RawHttpConnection(server.port(), Duration.ofSeconds(5));
    }

    private static void assertModelStillHeld() throws IOException {
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /v1/models/" + CUSTOMER + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(connection.readResponse().orElseThrow().status()).as("the model is still held").isEqualTo(200);
        }
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /v1/models/" + HIDDEN_CUSTOMER + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(connection.readResponse().orElseThrow().status()).as("the hidden request did not run").isEqualTo(404);
        }
    }
}
