package dev.autoship.predictor.http;

import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client refused with 413 gets to read that answer even when it writes its whole (large) body before reading
 * anything, as simple clients do: the server drops what still arrives before closing, instead of resetting the
 * connection under the client's write ("broken pipe").
 */
class RefusedBodyTest {

    private static final int MAX_BYTES = 4_096;
    private static final int BODY_BYTES = 8 * 1024 * 1024;
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

    @Test
    void aClientWritingAWholeOversizedBodyBeforeReadingGetsThe413() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send("POST /v1/predictions/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + BODY_BYTES + "\r\n\r\n" + " ".repeat(BODY_BYTES));

            assertRefusedAndClosed(connection);
        }
    }

    @Test
    void aClientWritingAWholeOversizedChunkedBodyBeforeReadingGetsThe413() throws Exception {
        int chunk = 64 * 1024;
        StringBuilder request = new StringBuilder("POST /v1/predictions/batch HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        String oneChunk = Integer.toHexString(chunk) + "\r\n" + " ".repeat(chunk) + "\r\n";
        request.append(oneChunk.repeat(BODY_BYTES / chunk)).append("0\r\n\r\n");
        try (RawHttpConnection connection = connect()) {
            connection.send(request.toString());

            assertRefusedAndClosed(connection);
        }
    }

    @Test
    void aClientExpectingContinueGetsThe413WithoutSendingItsBody() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send("POST /v1/predictions/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n");

            assertRefusedAndClosed(connection);
        }
    }

    @Test
    void theConnectionStillClosesWhenTheClientKeepsSilentAfterItsRefusedRequest() throws Exception {
        try (RawHttpConnection connection = connect()) {
            // the declared body never comes: the server must not wait for it beyond its short pause
            connection.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (MAX_BYTES + 1) + "\r\n\r\n{");

            assertRefusedAndClosed(connection);
        }
    }

    private static void assertRefusedAndClosed(RawHttpConnection connection) throws IOException {
        RawHttpConnection.Response response = connection.readResponse().orElseThrow();
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).contains("\"error\":\"payload_too_large\"");
        assertThat(response.header("connection")).contains("close");
        assertThat(connection.readUntilClosed()).as("bytes after the answer").isEmpty();
    }

    private static RawHttpConnection connect() throws IOException {
        return new RawHttpConnection(server.port(), Duration.ofSeconds(10));
    }
}
