package dev.autoship.predictor.http;

import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.logs.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bounded, seeded fuzzing: mutated valid bodies and mutated raw requests never get a 5xx and never make the
 * predictor log a warning or an error. A failure names the seed and the case to replay it.
 */
class HttpFuzzTest {

    private static final long SEED = 20261130L;
    private static final int CASES = 300;
    /**
     * Of the raw cases of this seed, 224 are answered (the other 76 are cut short and closed without an answer):
     * far fewer would mean the server drops requests it should parse.
     */
    private static final int MIN_RAW_ANSWERED = 200;
    private static PredictorServer server;
    private static String body;

    @BeforeAll
    static void start() throws IOException {
        server = PredictorServer.create(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0",
                "AUTOSHIP_MAX_REQUEST_BYTES", "8192", "AUTOSHIP_REQUEST_TIMEOUT", "PT2S"))).start();
        body = Files.readString(Path.of("..", "examples", "order.json"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void mutatedBodiesNeverGetA5xxNorALoggedError() throws Exception {
        Random random = new Random(SEED);
        try (CapturedLogs logs = new CapturedLogs()) {
            for (int i = 0; i < CASES; i++) {
                String mutated = mutate(body, random);
                String request = "POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + mutated.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
                String description = "seed " + SEED + " body case " + i + ": " + mutated;
                // the framing is right, whatever the body: every case gets an answer, never a close or a reset
                assertThat(exchange(request + mutated, description)).as(description).isEqualTo(Outcome.ANSWERED);
            }
            assertThat(logs.warningsAndErrors()).isEmpty();
        }
    }

    @Test
    void mutatedRawRequestsNeverGetA5xxNorALoggedError() throws Exception {
        Random random = new Random(SEED + 1);
        String valid = "POST /v1/predictions/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
        try (CapturedLogs logs = new CapturedLogs()) {
            Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
            for (int i = 0; i < CASES; i++) {
                String mutated = mutate(valid, random);
                outcomes.merge(exchange(mutated, "seed " + (SEED + 1) + " raw case " + i + ": " + mutated), 1, Integer::sum);
            }
            assertThat(logs.warningsAndErrors()).isEmpty();
            // a mutated head may be cut short (the server waits, then sees the client's end) or refused while its
            // body is unread (a reset): those end without an answer, but most mutations still parse and are answered
            assertThat(outcomes.getOrDefault(Outcome.ANSWERED, 0)).as("answered, of %d: %s", CASES, outcomes)
                    .isGreaterThan(MIN_RAW_ANSWERED);
        }
    }

    /** How an exchange ended. */
    private enum Outcome { ANSWERED, CLOSED_WITHOUT_ANSWER, RESET }

    /** Sends the request, then the client's end of input; an answer, if any, must not be a 5xx. */
    private static Outcome exchange(String request, String description) throws IOException {
        try (RawHttpConnection connection = new RawHttpConnection(server.port(), Duration.ofSeconds(10))) {
            connection.send(request).endOfInput();
            Optional<RawHttpConnection.Response> response;
            try {
                response = connection.readResponse();
            } catch (IOException reset) {
                return Outcome.RESET;
            }
            if (response.isEmpty()) {
                return Outcome.CLOSED_WITHOUT_ANSWER;
            }
            assertThat(response.get().status()).as(description).isLessThan(500);
            return Outcome.ANSWERED;
        }
    }

    /** One to four random edits: flip, delete, duplicate or insert a byte, cut the tail, splice a hostile token. */
    private static String mutate(String text, Random random) {
        List<String> tokens = List.of("null", "\"\"", "-1", "1e999", "[]", "{}", "\u0000", "\r\n", "\"\\ud800\"",
                "99999999999999999999", "true", "0x1F", "\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        StringBuilder mutated = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && !mutated.isEmpty(); e++) {
            int at = random.nextInt(mutated.length());
            switch (random.nextInt(6)) {
                case 0 -> mutated.setCharAt(at, (char) (mutated.charAt(at) ^ (1 << random.nextInt(7))));
                case 1 -> mutated.deleteCharAt(at);
                case 2 -> mutated.insert(at, mutated.charAt(at));
                case 3 -> mutated.insert(at, (char) random.nextInt(128));
                case 4 -> mutated.setLength(at);
                default -> mutated.insert(at, tokens.get(random.nextInt(tokens.size())));
            }
        }
        return mutated.toString();
    }
}
