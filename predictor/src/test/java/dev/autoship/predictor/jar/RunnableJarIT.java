package dev.autoship.predictor.jar;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar target/autoship-predictor.jar} (with target/libs/ beside it) starts the predictor, as the README says. */
class RunnableJarIT {

    @Test
    void javaDashJarStartsThePredictor() throws Exception {
        Path jar = Path.of("target", "autoship-predictor.jar");
        assertThat(jar).exists();
        assertThat(Path.of("target", "libs")).isDirectoryContaining(path -> path.toString().contains("helidon-webserver"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()).redirectErrorStream(true);
        builder.environment().put("AUTOSHIP_SERVER_PORT", "0");
        builder.environment().put("AUTOSHIP_MANAGEMENT_PORT", "0");
        Process process = builder.start();
        BlockingQueue<String> output = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(output::add));
        try {
            String url = null;
            String management = null;
            StringBuilder seen = new StringBuilder();
            while (url == null) {
                String line = output.poll(60, TimeUnit.SECONDS);
                assertThat(line).as("a ready line after:%n%s", seen).isNotNull();
                seen.append(line).append('\n');
                Matcher ready = Pattern.compile("Predictor ready on (http://localhost:\\d+).*health, metrics and admin on "
                        + "(http://localhost:\\d+)").matcher(line);
                if (ready.find()) {
                    url = ready.group(1);
                    management = ready.group(2);
                }
            }
            HttpClient http = HttpClient.newHttpClient();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(management + "/observe/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<String> prediction = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/predictions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of("..", "examples", "order.json"))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(prediction.statusCode()).isEqualTo(200);

            process.destroy();  // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }
}
