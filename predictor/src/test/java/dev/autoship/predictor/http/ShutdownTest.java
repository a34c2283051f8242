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
import java.util.ArrayList;
import java.util.List;
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

    private static final String HEALTH = "GET /observe/health/ready HTTP/1.1\r\nHost: localhost\r\n\r\n";

    private static String predict(int customer) throws IOException {
        String order = Files.readString(Path.of("..", "examples", "order.json"))
                .replace("demo-customer-01", "demo-customer-%02d".formatted(customer));
        return "POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + order.length() + "\r\n\r\n" + order;
    }

    @Test
    void inFlightRequestIsAnsweredWithConnectionCloseAndIdleConnectionsAreClosed() throws Exception {
        // one training thread: the request under test queues behind the trainings of other customers, so it is
        // certainly still in flight when the shutdown begins (a single training takes only milliseconds)
        PredictorServer server = PredictorServer.create(PredictorSettings.from(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_SHUTDOWN_GRACE", "PT20S",
                "AUTOSHIP_MAX_CONCURRENT_TRAININGS", "1"))).start();
        int port = server.port();
        List<RawHttpConnection> ahead = new ArrayList<>();
        try (RawHttpConnection idle = new RawHttpConnection(port, Duration.ofSeconds(20));
             RawHttpConnection busy = new RawHttpConnection(port, Duration.ofSeconds(20))) {
            RawHttpConnection.Response ready = idle.send(HEALTH).readResponse().orElseThrow();
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.header("connection")).isNotEqualTo(java.util.Optional.of("close"));

            // the first request for a customer trains its model: shut down while those run
            for (int customer = 2; customer <= 30; customer++) {
                if (customer != 7) {
                    ahead.add(new RawHttpConnection(port, Duration.ofSeconds(20)).send(predict(customer)));
                }
            }
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                    .until(() -> server.models().loadsInProgress() >= ahead.size());
            busy.send(predict(7));
            await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                    .until(() -> server.models().loadsInProgress() > ahead.size());
            Thread closing = Thread.ofPlatform().start(server::close);

            RawHttpConnection.Response answer = busy.readResponse().orElseThrow();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("connection")).contains("close");
            assertThat(busy.readUntilClosed()).as("bytes after the last answer").isEmpty();
            assertThat(idle.readUntilClosed()).as("idle connection closed, nothing sent").isEmpty();

            closing.join(Duration.ofSeconds(30));
            assertThat(closing.isAlive()).isFalse();
        } finally {
            for (RawHttpConnection connection : ahead) {
                connection.close();
            }
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
