package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OperatorHttpServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void healthFollowsTheOperatorAndMetricsArePrometheusText() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Counter.builder("operator.sdk.reconciliations.started").register(registry).increment();
        AtomicBoolean ready = new AtomicBoolean(false);
        try (OperatorHttpServer server = new OperatorHttpServer(0, () -> true, ready::get, registry)) {
            assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server, "/health/ready").statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = get(server, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("operator_sdk_reconciliations_started_total 1.0");
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri(server, "/health/live"))
                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    private HttpResponse<String> get(OperatorHttpServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(OperatorHttpServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
