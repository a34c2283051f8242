package dev.autoship.predictor;

import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.testing.SilentServer;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GracefulShutdownTest {

    @Test
    void requestInFlightWhenTheServerStopsStillGetsItsAnswer() throws Exception {
        // an Elasticsearch that accepts connections and never answers: the first request for a customer waits for
        // its history for 2 s (then answers 503 history_unavailable), certainly long enough to stop the server
        // while it runs (a training alone now takes milliseconds)
        try (SilentServer hung = SilentServer.start()) {
            stopWhileARequestIsInFlight(hung.url());
        }
    }

    private static void stopWhileARequestIsInFlight(String elasticsearchUrl) throws Exception {
        PredictorServer server = PredictorServer.create(PredictorSettings.from(Map.of(
                "AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0", "AUTOSHIP_SHUTDOWN_GRACE", "PT20S",
                "AUTOSHIP_ELASTICSEARCH_URL", elasticsearchUrl,
                "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT2S"))).start();
        String body = Files.readString(Path.of("..", "examples", "orders-batch.json"));

        CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/predictions/batch"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(() -> server.models().loadsInProgress() > 0);
        server.close();

        // the server is stopped: an answer now can only have been sent before its connection closed
        HttpResponse<String> response = inFlight.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"error\":\"history_unavailable\"");
    }
}
