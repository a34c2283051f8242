package dev.autoship.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator's two modes against a real HTTP server that stalls once. */
class LoadGeneratorTest {
    private static final long STALL_MILLIS = 400;

    private final AtomicInteger received = new AtomicInteger();
    private HttpServer server;
    private LoadGenerator generator;

    @BeforeEach
    void startServerThatStallsOnItsHundredthRequest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/predictions", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (received.incrementAndGet() == 100) {
                sleep(STALL_MILLIS);
            }
            byte[] body = "{}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        generator = new LoadGenerator(new PredictorClient(url, 1, Duration.ofSeconds(5)), "/v1/predictions",
                List.of("{\"customerId\":\"c\"}".getBytes()), ProcessHandle.current().pid());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void openLoopChargesAStallToEveryRequestThatWasDueDuringIt() throws Exception {
        LoadResult result = generator.openLoop(1, 200, Duration.ZERO, Duration.ofMillis(1500));

        long delayedPastHalfTheStall = result.latencyMicros().getCountBetweenValues(
                TimeUnit.MILLISECONDS.toMicros(STALL_MILLIS / 2), Long.MAX_VALUE / 2);
        // about 200/s x 0.4 s = 80 requests were due during the stall; the first half of them waited > 200 ms
        assertThat(delayedPastHalfTheStall).isGreaterThanOrEqualTo(20);
        assertThat(result.errors()).isZero();
        assertThat(result.requests()).isBetween(250L, 320L);
    }

    @Test
    void anOpenLoopThatFallsBehindReportsTheRateItAchievedNotTheRateAsked() throws Exception {
        LoadResult result = generator.openLoop(1, 2000, Duration.ZERO, Duration.ofMillis(500));

        // one connection through a server stalled 0.4 s cannot deliver 1,000 requests in 0.5 s
        assertThat(result.seconds()).isGreaterThan(0.5);
        assertThat(result.requestsPerSecond()).isLessThan(result.targetRate());
        assertThat(result.requests()).isEqualTo(1000);
    }

    @Test
    void closedLoopSeesTheStallOnlyInTheRequestItHeld() throws Exception {
        // long enough that a slow first request on a loaded machine still leaves time for the 100th (the stall)
        LoadResult result = generator.closedLoop(1, Duration.ZERO, Duration.ofMillis(4000));

        // the held request, plus at most a few the shared machine itself stalled (an open loop charges the same
        // stall to dozens: openLoopChargesAStallToEveryRequestThatWasDueDuringIt)
        assertThat(result.latencyMicros().getCountBetweenValues(
                TimeUnit.MILLISECONDS.toMicros(STALL_MILLIS / 2), Long.MAX_VALUE / 2)).isBetween(1L, 5L);
        assertThat(result.requests()).isGreaterThan(100);
        assertThat(result.errors()).isZero();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
