package dev.autoship.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real predictors, started in this JVM, that answered the kinds of requests the dashboard and the alerts count, and
 * their scrapes, taken once for every test of the JVM. One has the embedded demo history and serves a training, cache
 * hits, a batch, a model read and a refused customer; one has an unreachable Elasticsearch and answers 503; one has
 * its public port filled by silent connections, and sheds them to let new ones in.
 */
final class PredictorTraffic {

    private static final Pattern SHED = Pattern.compile(
            "(?m)^autoship_http_connections_closed_total\\{(?=[^}]*socket=\"public\")(?=[^}]*reason=\"shed\")[^}]*} ([0-9.E+]+)");

    private static MetricsScrape scrape;

    private PredictorTraffic() {
    }

    static synchronized MetricsScrape scrape() throws IOException, InterruptedException {
        if (scrape == null) {
            scrape = serveWithHistory().and(serveWithoutElasticsearch()).and(serveBeyondItsConnections());
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

    /**
     * A connection budget of 2 and 3 connections that send nothing: the last one admitted sheds one that waits for
     * its request, as in a flood of silent clients; then a real request gets in the same way.
     */
    private static MetricsScrape serveBeyondItsConnections() throws IOException, InterruptedException {
        try (RunningPredictor predictor = RunningPredictor.start(Map.of("AUTOSHIP_MAX_CONNECTIONS", "2",
                "AUTOSHIP_REQUEST_TIMEOUT", "PT60S"));
             Socket first = predictor.connectSilently();
             Socket second = predictor.connectSilently();
             Socket third = predictor.connectSilently()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (shed(predictor) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(shed(predictor)).as("public connections shed, 3 silent ones on a budget of 2").isEqualTo(1);
            assertThat(predictor.get("/openapi").statusCode()).isEqualTo(200);
            assertThat(shed(predictor)).as("public connections shed once a request came in too").isEqualTo(2);
            return predictor.scrape();
        }
    }

    private static double shed(RunningPredictor predictor) throws IOException, InterruptedException {
        Matcher shed = SHED.matcher(predictor.metrics());
        assertThat(shed.find()).as("a public shed counter in the scrape").isTrue();
        return Double.parseDouble(shed.group(1));
    }

    private static Path examples() {
        return Path.of(OperatorChart.requiredProperty("examples.directory"));
    }
}
