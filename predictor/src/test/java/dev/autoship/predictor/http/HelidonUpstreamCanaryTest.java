package dev.autoship.predictor.http;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canaries: plain Helidon, without this package's seam, still has the bugs the seam works around. When a Helidon
 * upgrade fixes one, its test here fails and says which part of the seam can go.
 */
class HelidonUpstreamCanaryTest {

    private WebServer plain;

    @BeforeEach
    void start() {
        plain = WebServer.builder()
                .port(0)
                .shutdownHook(false)
                .routing(routing -> routing.get("/test", (req, res) -> res.send("55")))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        plain.stop();
    }

    @Test
    void helidonStillKeepsAConnectionOpenAfterAnsweringConnectionClose() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(plain.port(), Duration.ofSeconds(2))) {
            RawHttpConnection.Response response = connection
                    .send("GET /test HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .readResponse().orElseThrow();
            assertThat(response.header("connection")).contains("close");

            assertThat(connection.closedByServer())
                    .as("Helidon now closes the connection after a Connection: close answer by itself: "
                            + "helidon#12324 is fixed in this version, so ConnectionCloseEnforcer (and its filter in "
                            + "PredictorServer) can go; keep RequestSmugglingTest to prove it")
                    .isFalse();
        }
    }

    @Test
    void helidonStillRefusesHttp10Requests() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(plain.port(), Duration.ofSeconds(5))) {
            String answer = connection.send("GET /test HTTP/1.0\r\n\r\n").readUntilClosed();

            // the route's body, "55", right after the head (a Date header may well contain 55 too)
            assertThat(answer)
                    .as("Helidon now answers HTTP/1.0 by itself: Http10Request and its use in GuardedConnection can "
                            + "go; keep Http10Test to prove it")
                    .doesNotContain("\r\n\r\n55");
        }
    }
}
