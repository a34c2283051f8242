package dev.autoship.predictor.http;

import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.testing.SilentServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow or unfinished requests (slowloris), idle kept-alive connections and bytes that are not HTTP at all cannot
 * hold a connection longer than the configured timeouts, and the number of connections is bounded.
 */
class ConnectionLimitsTest {

    /** A request of the public port that needs no model: the API description. */
    private static final String DESCRIPTION = "GET /openapi HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private static final String HEALTH = "GET /observe/health/ready HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private PredictorServer server;

    private PredictorServer start(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("AUTOSHIP_SERVER_PORT", "0");
        env.put("AUTOSHIP_MANAGEMENT_PORT", "0");
        server = PredictorServer.create(PredictorSettings.from(env)).start();
        return server;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Connections that never send a byte. */
    private List<RawHttpConnection> silentConnections(int count) throws IOException {
        List<RawHttpConnection> silent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            silent.add(connect());
        }
        return silent;
    }

    private RawHttpConnection connect() throws IOException {
        // far longer than the timeouts under test: a read that times out means the server kept the connection
        return new RawHttpConnection(server.port(), Duration.ofSeconds(8));
    }

    @Test
    void headersTricklingInAreCutAtTheRequestTimeout() throws Exception {
        start(Map.of("AUTOSHIP_REQUEST_TIMEOUT", "PT1S"));
        try (RawHttpConnection slow = connect()) {
            slow.send("GET /openapi HTTP/1.1\r\nHost: localhost\r\n");
            boolean cut = false;
            for (int i = 0; i < 40 && !cut; i++) {
                Thread.sleep(200);
                try {
                    slow.send("X-Slow-" + i + ": x\r\n");
                } catch (IOException closed) {
                    cut = true;
                }
            }
            assertThat(cut || slow.closedByServer()).as("connection closed while the head trickled in").isTrue();
        }
    }

    @Test
    void unfinishedBodyIsCutAtTheRequestTimeout() throws Exception {
        start(Map.of("AUTOSHIP_REQUEST_TIMEOUT", "PT1S"));
        try (RawHttpConnection slow = connect()) {
            slow.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"customerId\"");

            assertThat(slow.closedByServer()).isTrue();
        }
    }

    @Test
    void tlsHandshakeOnThePlainPortIsCutAtTheRequestTimeout() throws Exception {
        start(Map.of("AUTOSHIP_REQUEST_TIMEOUT", "PT1S"));
        byte[] clientHello = new byte[517];
        new Random(7).nextBytes(clientHello);
        clientHello[0] = 0x16;
        for (int i = 0; i < clientHello.length; i++) {
            if (clientHello[i] == '\n') {
                clientHello[i] = 0;
            }
        }
        try (RawHttpConnection tls = connect()) {
            tls.send(new String(clientHello, java.nio.charset.StandardCharsets.ISO_8859_1));

            assertThat(tls.readUntilClosed()).doesNotContain("<still open>");
        }
    }

    @Test
    void silentConnectionsAreClosedAtTheRequestTimeoutAndFreeTheirPlaces() throws Exception {
        // idle timeout far beyond the clients' read timeout: only the request timeout can close them in time
        start(Map.of("AUTOSHIP_MAX_CONNECTIONS", "20", "AUTOSHIP_REQUEST_TIMEOUT", "PT1S", "AUTOSHIP_IDLE_TIMEOUT", "PT5M"));
        double timedOutBefore = closedConnections("public", "request_timeout");
        List<RawHttpConnection> silent = silentConnections(20);
        try {
            for (RawHttpConnection connection : silent) {
                assertThat(connection.closedByServer()).as("a connection that never sent a byte is closed").isTrue();
            }
            assertThat(closedConnections("public", "request_timeout") - timedOutBefore).isEqualTo(20);
            try (RawHttpConnection normal = connect()) {
                assertThat(normal.send(DESCRIPTION).readResponse().orElseThrow().status()).isEqualTo(200);
            }
        } finally {
            for (RawHttpConnection connection : silent) {
                connection.close();
            }
        }
    }

    @Test
    void silentConnectionsFillingBothPortsKeepOutNeitherRequestsNorHealthChecks() throws Exception {
        // a request timeout far beyond the test: only the connection budget can make room
        start(Map.of("AUTOSHIP_MAX_CONNECTIONS", "20", "AUTOSHIP_REQUEST_TIMEOUT", "PT60S"));
        double shedBefore = closedConnections("public", "shed");
        List<RawHttpConnection> silent = silentConnections(20);
        List<RawHttpConnection> silentManagement = new ArrayList<>();
        try {
            for (int i = 0; i < 32; i++) {
                silentManagement.add(new RawHttpConnection(server.managementPort(), Duration.ofSeconds(8)));
            }
            try (RawHttpConnection beyond = connect()) {
                assertThat(beyond.send(DESCRIPTION).readResponse()).as("answered although 20 silent connections were open")
                        .hasValueSatisfying(answer -> assertThat(answer.status()).isEqualTo(200));
            }
            try (RawHttpConnection probe = new RawHttpConnection(server.managementPort(), Duration.ofSeconds(8))) {
                assertThat(probe.send(HEALTH).readResponse()).as("health answered although 32 silent connections were open")
                        .hasValueSatisfying(answer -> assertThat(answer.status()).isEqualTo(200));
            }
            assertThat(closedByServer(silent)).as("the silent connection that waited longest made room").isEqualTo(1);
            assertThat(closedByServer(silentManagement)).isEqualTo(1);
            assertThat(closedConnections("public", "shed") - shedBefore).isEqualTo(1);
        } finally {
            for (RawHttpConnection connection : silent) {
                connection.close();
            }
            for (RawHttpConnection connection : silentManagement) {
                connection.close();
            }
        }
    }

    @Test
    void aConnectionWaitingForItsRequestMakesRoomBeforeAnIdleKeptAliveOne() throws Exception {
        start(Map.of("AUTOSHIP_MAX_CONNECTIONS", "3", "AUTOSHIP_REQUEST_TIMEOUT", "PT60S"));
        try (RawHttpConnection keptAlive = connect()) {
            assertThat(keptAlive.send(DESCRIPTION).readResponse().orElseThrow().status()).isEqualTo(200);
            List<RawHttpConnection> waiting = List.of(connect(), connect().send("GET /openapi HTTP/1.1\r\n"));
            try {
                try (RawHttpConnection beyond = connect()) {
                    assertThat(beyond.send(DESCRIPTION).readResponse().orElseThrow().status()).isEqualTo(200);
                }
                assertThat(closedByServer(waiting)).isEqualTo(1);
                assertThat(keptAlive.send(DESCRIPTION).readResponse()).as("the idle kept-alive connection still serves")
                        .hasValueSatisfying(answer -> assertThat(answer.status()).isEqualTo(200));
            } finally {
                for (RawHttpConnection connection : waiting) {
                    connection.close();
                }
            }
        }
    }

    @Test
    void whenEveryConnectionIsAnsweringANewOneIsClosedAtOnce() throws Exception {
        // an Elasticsearch that never answers: a new customer's prediction waits in its handler for its history
        try (SilentServer hung = SilentServer.start()) {
            start(Map.of("AUTOSHIP_MAX_CONNECTIONS", "2", "AUTOSHIP_ELASTICSEARCH_URL", hung.url(),
                    "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT5S"));
            double refusedBefore = closedConnections("public", "over_limit");
            String order = Files.readString(Path.of("..", "examples", "order.json"));
            try (RawHttpConnection first = connect(); RawHttpConnection second = connect()) {
                first.send(prediction(order.replace("demo-customer-01", "new-customer-1")));
                second.send(prediction(order.replace("demo-customer-01", "new-customer-2")));
                await().atMost(Duration.ofSeconds(20)).until(() -> server.models().loadsInProgress() == 2);

                try (RawHttpConnection third = connect()) {
                    assertThat(third.closedByServer()).as("closed at once, both connections answering").isTrue();
                }
                assertThat(closedConnections("public", "over_limit") - refusedBefore).isEqualTo(1);
                assertThat(first.readResponse()).as("the connections answering were left alone")
                        .hasValueSatisfying(answer -> assertThat(answer.status()).isEqualTo(503));
                assertThat(second.readResponse())
                        .hasValueSatisfying(answer -> assertThat(answer.status()).isEqualTo(503));
            }
        }
    }

    private static String prediction(String body) {
        return "POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /**
     * How many of the connections the server has closed, found as soon as one is: a connection the server closes
     * to make room is closed before the connection it made room for is answered.
     */
    private static int closedByServer(List<RawHttpConnection> connections) throws IOException {
        int closed = 0;
        for (RawHttpConnection connection : connections) {
            connection.setReadTimeout(Duration.ofMillis(50));
            if (connection.closedByServer()) {
                closed++;
            }
        }
        return closed;
    }

    /** The value of {@code autoship_http_connections_closed_total} for a socket and reason, from a real scrape. */
    private double closedConnections(String socket, String reason) throws IOException {
        try (RawHttpConnection scrape = new RawHttpConnection(server.managementPort(), Duration.ofSeconds(8))) {
            String metrics = scrape.send("GET /observe/metrics HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n"
                    + "Connection: close\r\n\r\n").readResponse().orElseThrow().body();
            Matcher matcher = Pattern.compile("(?m)^autoship_http_connections_closed_total\\{([^}]*)} ([0-9.E]+)")
                    .matcher(metrics);
            while (matcher.find()) {
                if (matcher.group(1).contains("socket=\"" + socket + "\"")
                        && matcher.group(1).contains("reason=\"" + reason + "\"")) {
                    return Double.parseDouble(matcher.group(2));
                }
            }
            throw new AssertionError("no autoship_http_connections_closed_total for " + socket + " and " + reason
                    + " in:\n" + metrics);
        }
    }

    @Test
    void aSilentConnectionThatFinallySpeaksAfterTheRequestTimeoutGetsNoAnswer() throws Exception {
        start(Map.of("AUTOSHIP_REQUEST_TIMEOUT", "PT0.5S", "AUTOSHIP_IDLE_TIMEOUT", "PT5M"));
        try (RawHttpConnection late = connect()) {
            Thread.sleep(1500);
            String answer;
            try {
                late.send(DESCRIPTION);
                answer = late.readUntilClosed();
            } catch (IOException closed) {
                answer = "";
            }
            assertThat(answer).as("closed before its request arrived").doesNotContain("HTTP/1.1 200");
        }
    }

    @Test
    void idleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        start(Map.of("AUTOSHIP_IDLE_TIMEOUT", "PT1S"));
        try (RawHttpConnection idle = connect()) {
            assertThat(idle.send(DESCRIPTION).readResponse().orElseThrow().status()).isEqualTo(200);

            assertThat(idle.closedByServer()).isTrue();
        }
    }

    @Test
    void answeringSlowlyIsNotCut() throws Exception {
        // an Elasticsearch that accepts connections and never answers: a new customer's answer (a 503 once the
        // history read gives up, after 1.5 s) takes far longer than the request timeout; only time spent waiting
        // for the client counts against that
        try (SilentServer hung = SilentServer.start()) {
            start(Map.of("AUTOSHIP_REQUEST_TIMEOUT", "PT0.3S",
                    "AUTOSHIP_ELASTICSEARCH_URL", hung.url(),
                    "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT1.5S"));
            String order = Files.readString(Path.of("..", "examples", "order.json"));
            try (RawHttpConnection connection = connect()) {
                long started = System.nanoTime();
                connection.send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + order.length() + "\r\n\r\n" + order);

                assertThat(connection.readResponse().orElseThrow().status()).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the answer took longer than the request timeout")
                        .isGreaterThan(Duration.ofMillis(300));
            }
        }
    }

    @Test
    void manySlowConnectionsDoNotStopNormalRequests() throws Exception {
        start(Map.of("AUTOSHIP_REQUEST_TIMEOUT", "PT30S"));
        List<RawHttpConnection> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                slow.add(connect().send("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 10\r\n\r\n{"));
            }
            try (RawHttpConnection normal = connect()) {
                assertThat(normal.send(DESCRIPTION).readResponse().orElseThrow().status()).isEqualTo(200);
            }
        } finally {
            for (RawHttpConnection connection : slow) {
                connection.close();
            }
        }
    }

    @Test
    void aNewConnectionBeyondTheLimitTakesThePlaceOfTheKeptAliveConnectionIdleLongest() throws Exception {
        start(Map.of("AUTOSHIP_MAX_CONNECTIONS", "3"));
        List<RawHttpConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawHttpConnection connection = connect();
                assertThat(connection.send(DESCRIPTION).readResponse().orElseThrow().status()).isEqualTo(200);
                held.add(connection);
            }
            try (RawHttpConnection fourth = connect()) {
                assertThat(fourth.send(DESCRIPTION).readResponse()).as("answered while 3 connections are open")
                        .hasValueSatisfying(answer -> assertThat(answer.status()).isEqualTo(200));
            }
            assertThat(closedByServer(held)).isEqualTo(1);
        } finally {
            for (RawHttpConnection connection : held) {
                connection.close();
            }
        }
    }
}
