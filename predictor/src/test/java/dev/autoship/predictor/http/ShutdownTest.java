package dev.autoship.predictor.http;

import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Shutting down: the port stops accepting, a request in flight is answered with {@code Connection: close} and its
 * connection closed after the answer (its client knows not to send more there), an idle kept-alive connection is
 * closed.
 */
class ShutdownTest {

    private static final String DESCRIPTION = "GET /openapi HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private static boolean refusesConnections(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void inFlightRequestIsAnsweredWithConnectionCloseAndIdleConnectionsAreClosed() throws Exception {
        PredictorServer server = PredictorServer.create(PredictorSettings.from(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0", "AUTOSHIP_SHUTDOWN_GRACE", "PT20S"))).start();
        int port = server.port();
        String order = Files.readString(Path.of("..", "examples", "order.json")).replace("demo-customer-01", "demo-customer-07");
        try (RawHttpConnection idle = new RawHttpConnection(port, Duration.ofSeconds(20));
             RawHttpConnection busy = new RawHttpConnection(port, Duration.ofSeconds(20))) {
            RawHttpConnection.Response ready = idle.send(DESCRIPTION).readResponse().orElseThrow();
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.header("connection")).isNotEqualTo(java.util.Optional.of("close"));

            // a request in flight: its handler is reading the body when the shutdown begins (a training would be
            // too quick to shut down during), and the body comes once the port no longer accepts connections. The
            // interim 100 Continue says the handler has the request: without it, bytes the server has not read yet
            // would make the connection look idle, and an idle connection is rightly closed at shutdown.
            busy.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + order.length() + "\r\n\r\n");
            assertThat(busy.readResponse().orElseThrow().status()).as("interim answer").isEqualTo(100);
            Thread closing = Thread.ofPlatform().start(server::close);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> refusesConnections(port));
            busy.send(order);

            RawHttpConnection.Response answer = busy.readResponse().orElseThrow();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("connection")).contains("close");
            assertThat(busy.readUntilClosed()).as("bytes after the last answer").isEmpty();
            assertThat(idle.readUntilClosed()).as("idle connection closed, nothing sent").isEmpty();

            closing.join(Duration.ofSeconds(30));
            assertThat(closing.isAlive()).isFalse();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
