package dev.autoship.predictor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The real process as a user starts it: environment in, JSON logs out, the logged curl works, SIGTERM stops it. */
class MainProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void startsFromTheEnvironmentLogsJsonAndTheLoggedRequestGetsAPrediction() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("AUTOSHIP_SERVER_PORT", "0");
        builder.environment().put("AUTOSHIP_MANAGEMENT_PORT", "0");
        builder.environment().put("AUTOSHIP_LOG_FORMAT", "json");
        Process process = builder.start();
        BlockingQueue<String> output = new LinkedBlockingQueue<>();
        Thread reader = Thread.ofVirtual().start(() -> new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).lines().forEach(output::add));
        List<JsonNode> lines = new ArrayList<>();
        try {
            String url = null;
            while (url == null) {
                String line = output.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("a ready line after %s", lines).isNotNull();
                JsonNode entry = JSON.readTree(line);
                lines.add(entry);
                Matcher ready = Pattern.compile("Predictor ready on (http://localhost:\\d+)").matcher(entry.get("message").asText());
                if (ready.find()) {
                    url = ready.group(1);
                }
            }
            JsonNode hint = JSON.readTree(output.poll(10, TimeUnit.SECONDS));
            lines.add(hint);
            assertThat(hint.get("message").asText())
                    .contains("curl -s -X POST " + url + "/v1/predictions")
                    .contains("--data @examples/order.json");

            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/v1/predictions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(Path.of("..", "examples", "order.json"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).at("/shipment/carrier").asText()).isNotBlank();

            process.destroy();  // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(Duration.ofSeconds(10));
            for (String line : output) {
                lines.add(JSON.readTree(line));
            }
        } finally {
            process.destroyForcibly();
        }
        assertThat(lines).allSatisfy(entry -> assertThat(entry.has("@timestamp") && entry.has("level")).isTrue());
        assertThat(lines).anySatisfy(entry -> assertThat(entry.get("message").asText()).contains("Trained model"));
    }

    /** What a process that ends by itself printed, and its status. */
    private record Ended(int status, String output) {
    }

    /**
     * Runs the main class with the environment (ports 0 unless given) and arguments, waiting for it to end by itself:
     * one that served instead would never end, so it is waited for first and read after.
     */
    private static Ended runToItsEnd(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AUTOSHIP_SERVER_PORT", "0");
        builder.environment().put("AUTOSHIP_MANAGEMENT_PORT", "0");
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process ended").isTrue();
            return new Ended(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void invalidVariableExitsWithStatus2NamingIt() throws Exception {
        Ended run = runToItsEnd(Map.of("AUTOSHIP_REDIS_URL", "redis://redis:6379/cache"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output()).contains("Cannot start: AUTOSHIP_REDIS_URL must be a Redis URL whose path is a database number")
                .doesNotContain("Exception");
    }

    @Test
    void aPortInUseExitsWithStatus1NamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            Ended run = runToItsEnd(Map.of("AUTOSHIP_SERVER_PORT", String.valueOf(taken.getLocalPort())));

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.output()).contains("Cannot start: cannot listen on port " + taken.getLocalPort()
                    + " (public, AUTOSHIP_SERVER_PORT)").doesNotContain("unsupported URI").doesNotContain("ready on");
        }
    }

    @Test
    void anUnknownCommandExitsWithStatus2InsteadOfServing() throws Exception {
        Ended run = runToItsEnd(Map.of(), "evalute");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.output()).contains("Unknown command 'evalute'").contains("evaluate [--help]").doesNotContain("ready on");
    }
}
