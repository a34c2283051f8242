package dev.autoship.benchmarks.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.ElasticsearchConnection;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.outcome.ElasticsearchPredictionLog;
import dev.autoship.predictor.outcome.PredictionRecord;
import dev.autoship.testing.ElasticsearchNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What writing the prediction log costs per entry: the predictor's own CPU (buffer, BulkIngester, HTTP) and
 * Elasticsearch's, with entries offered at a steady rate to the predictor's {@link ElasticsearchPredictionLog} in
 * this JVM, writing to a real Elasticsearch. Options: rate=8000 (entries/s) seconds=60 warmup=10 heap=512m.
 */
public final class PredictionLogBenchmark {

    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final List<String> LOG_THREADS = List.of("prediction-log", "bulk-ingester", "elasticsearch-rest-client");

    private final Options options;

    PredictionLogBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new PredictionLogBenchmark(new Options(args)).run();
    }

    /**
     * Entries offered and found in Elasticsearch over the measured window, and the CPU each side spent on them: this
     * JVM's, of which the log's own threads' (writing documents, the ingester, HTTP), and Elasticsearch's.
     */
    record Result(long offered, long written, long dropped, long predictorCpuNanos, long logThreadsCpuNanos,
                  long elasticsearchCpuNanos) {
    }

    Result run() throws Exception {
        int rate = options.integer("rate", 8000);
        Duration measured = options.seconds("seconds", 60);
        Report report = new Report("prediction-log");
        try (ElasticsearchNode elasticsearch = ElasticsearchNode.start(options.text("heap", "512m"))) {
            PredictorSettings settings = PredictorSettings.from(Map.of("AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url()));
            AtomicLong dropped = new AtomicLong();
            try (ElasticsearchConnection connection = new ElasticsearchConnection(settings.elasticsearch().orElseThrow());
                 ElasticsearchPredictionLog log = new ElasticsearchPredictionLog(connection, "predictions", "bench",
                         Duration.ofDays(30), Clock.systemUTC(), dropped::addAndGet)) {
                // the JIT compiles the path, the template and the day's index are made
                offer(log, "warm-", rate, options.seconds("warmup", 10));
                Thread.sleep(SETTLE.toMillis());
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long ownBefore = os.getProcessCpuTime();
                long logThreadsBefore = logThreadsCpuNanos();
                long elasticsearchBefore = cpuNanos(elasticsearch);
                long droppedBefore = dropped.get();
                long offered = offer(log, "measured-", rate, measured);
                Thread.sleep(SETTLE.toMillis());  // the last bulk requests are answered
                Result result = new Result(offered, countMeasured(elasticsearch), dropped.get() - droppedBefore,
                        os.getProcessCpuTime() - ownBefore, logThreadsCpuNanos() - logThreadsBefore,
                        cpuNanos(elasticsearch) - elasticsearchBefore);
                long written = Math.max(1, result.written());
                report.heading("Prediction log entries written to a real Elasticsearch, %d/s for %s".formatted(rate, measured));
                report.header("offered", "in Elasticsearch", "dropped", "predictor CPU µs/entry",
                        "of which the log's threads", "Elasticsearch CPU µs/entry", "Elasticsearch cores");
                report.row(offered, result.written(), result.dropped(), result.predictorCpuNanos() / 1000.0 / written,
                        result.logThreadsCpuNanos() / 1000.0 / written,
                        result.elasticsearchCpuNanos() / 1000.0 / written,
                        result.elasticsearchCpuNanos() / 1e9 / (measured.plus(SETTLE).toMillis() / 1000.0));
                report.note("Predictor CPU is this JVM's (making the entries, as a request thread would, the JIT and "
                        + "the GC included); the log's threads are its buffer's writing thread, the bulk ingester's and "
                        + "the HTTP client's; the entries in Elasticsearch are counted there after the CPU times were read.");
                report.save();
                return result;
            }
        }
    }

    /** Offers {@code rate} entries a second for {@code duration}, spread evenly; returns how many. */
    private static long offer(ElasticsearchPredictionLog log, String orderPrefix, int rate, Duration duration)
            throws InterruptedException {
        ShipmentChoice shipment = new ShipmentChoice("UPS", "Ground", "box");
        Instant trainedAt = Instant.now();
        long start = System.nanoTime();
        long offered = 0;
        while (System.nanoTime() - start < duration.toNanos()) {
            long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
            for (; offered < due; offered++) {
                log.record(new PredictionRecord("customer-" + offered % 200, orderPrefix + offered, shipment, 0.9, false,
                        trainedAt, Instant.now()));
            }
            Thread.sleep(1);
        }
        return offered;
    }

    /** CPU time so far of the threads that write the log (the buffer's, the bulk ingester's, the HTTP client's). */
    private static long logThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (thread != null && LOG_THREADS.stream().anyMatch(thread.getThreadName()::startsWith)
                    && !thread.getThreadName().equals("prediction-log-retention")) {
                sum += Math.max(0, threads.getThreadCpuTime(thread.getThreadId()));
            }
        }
        return sum;
    }

    /** CPU time of the Elasticsearch launcher and its server process. */
    private static long cpuNanos(ElasticsearchNode elasticsearch) {
        ProcessHandle launcher = ProcessHandle.of(elasticsearch.pid()).orElseThrow();
        return Stream.concat(Stream.of(launcher), launcher.descendants())
                .mapToLong(process -> process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos())
                .sum();
    }

    /** The measured window's entries that Elasticsearch holds. */
    private static long countMeasured(ElasticsearchNode elasticsearch) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder json = HttpRequest.newBuilder().header("Content-Type", "application/json");
        http.send(json.copy().uri(URI.create(elasticsearch.url() + "/predictions-*/_refresh"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        String count = http.send(json.copy().uri(URI.create(elasticsearch.url() + "/predictions-*/_count"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\": {\"prefix\": {\"orderId\": \"measured-\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(count).get("count").asLong();
    }
}
