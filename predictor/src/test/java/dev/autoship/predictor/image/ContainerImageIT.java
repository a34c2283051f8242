package dev.autoship.predictor.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.testing.FreePort;
import dev.autoship.testing.ImageTarball;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The predictor image as Jib builds it. No base image can be pulled here, so the build makes a
 * copy on an empty base at pre-integration-test; its application layers and settings are the
 * real ones, and this JDK stands in for the base image's JRE.
 */
class ContainerImageIT {

    @TempDir
    static Path workDir;
    private static ImageTarball image;

    @BeforeAll
    static void unpackImage() throws IOException {
        image = ImageTarball.unpackBuiltImage(workDir.resolve("image"));
    }

    @Test
    void imageIsNamedAsTheParentPomDefines() {
        assertThat(image.repoTag()).isEqualTo(System.getProperty("expected.image"));
    }

    @Test
    void imageRunsAsNumericNonRootUserWithOciLabelsAndBothPorts() {
        assertThat(image.user()).matches("\\d+:\\d+").doesNotStartWith("0:");
        assertThat(image.labels())
                .containsEntry("org.opencontainers.image.version", System.getProperty("expected.version"))
                .containsKeys("org.opencontainers.image.source", "org.opencontainers.image.revision",
                        "org.opencontainers.image.title");
        assertThat(image.exposedPorts()).containsExactlyInAnyOrder(8080, 9090);
    }

    @Test
    void entrypointSizesTheHeapFromTheContainerLimit() {
        assertThat(image.entrypoint()).contains("-XX:MaxRAMPercentage=75.0", "-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void entrypointStartsInEmbeddedModeWithoutConfigurationAndAnswersTheExampleOrder() throws Exception {
        int port = FreePort.find();
        int managementPort = FreePort.find();
        ProcessBuilder builder = new ProcessBuilder(image.entrypointOnThisJdk())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("predictor.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTOSHIP_"));
        builder.environment().put("AUTOSHIP_SERVER_PORT", Integer.toString(port));
        builder.environment().put("AUTOSHIP_MANAGEMENT_PORT", Integer.toString(managementPort));
        Process process = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            awaitReady(client, managementPort, process);
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/predictions"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofFile(Path.of(System.getProperty("example.order"))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(new ObjectMapper().readTree(response.body()).path("shipment").path("carrier").asText())
                    .isNotBlank();
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static void awaitReady(HttpClient client, int port, Process process) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        URI ready = URI.create("http://127.0.0.1:" + port + "/observe/health/ready");
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("the image's entrypoint exited early; see " + workDir.resolve("predictor.log"))
                    .isTrue();
            try {
                if (client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // poll again until the deadline
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the predictor from the image was not ready within 60 s");
    }
}
