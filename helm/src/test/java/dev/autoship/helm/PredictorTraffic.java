package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real predictors, started in this JVM, that answered the kinds of requests the dashboard and the alerts count, and
 * their scrapes, taken once for every test of the JVM. One has the embedded demo history and serves a training, cache
 * hits, a batch, a model read and a refused customer; one has an unreachable Elasticsearch and answers 503.
 */
final class PredictorTraffic {

    private static MetricsScrape scrape;

    private PredictorTraffic() {
    }

    static synchronized MetricsScrape scrape() throws IOException, InterruptedException {
        if (scrape == null) {
            scrape = serveWithHistory().and(serveWithoutElasticsearch());
        }
        return scrape;
    }

    private static MetricsScrape serveWithHistory() throws IOException, InterruptedException {
        String order = Files.readString(examples().resolve("order.json"));
        try (RunningPredictor predictor = RunningPredictor.start()) {
            assertThat(predictor.post("/v1/predictions", order).body()).contains("\"source\":\"trained\"");
            assertThat(predictor.post("/v1/predictions", order).body()).contains("\"source\":\"memory\"");
            assertThat(predictor.post("/v1/predictions/batch", Files.readString(examples().resolve("orders-batch.json"))).statusCode()).isEqualTo(200);
            assertThat(predictor.get("/v1/models/demo-customer-01").statusCode()).isEqualTo(200);
            assertThat(predictor.post("/v1/predictions", order.replace("demo-customer-01", "demo-customer-31")).statusCode()).isEqualTo(422);
            return predictor.scrape();
        }
    }

    private static MetricsScrape serveWithoutElasticsearch() throws IOException, InterruptedException {
        String order = Files.readString(examples().resolve("order.json"));
        try (RunningPredictor predictor = RunningPredictor.startWithUnreachableElasticsearch()) {
            assertThat(predictor.post("/v1/predictions", order)).satisfies(answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.body()).contains("\"history_unavailable\"");
            });
            return predictor.scrape();
        }
    }

    private static Path examples() {
        return Path.of(OperatorChart.requiredProperty("examples.directory"));
    }
}
