package dev.autoship.predictor;

import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GracefulShutdownTest {

    @Test
    void requestInFlightWhenTheServerStopsStillGetsItsAnswer() throws Exception {
        PredictorServer server = PredictorServer.create(PredictorSettings.from(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0", "AUTOSHIP_SHUTDOWN_GRACE", "PT20S"))).start();
        String body = Files.readString(Path.of("..", "examples", "orders-batch.json"));

        // the first request for a customer trains its model: stop the server while that runs
        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/predictions/batch"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).until(() -> server.models().loadsInProgress() > 0);
        server.close();

        HttpResponse<String> response = inFlight.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"predictions\"");
    }
}
