package dev.autoship.predictor.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sends the instance's own public port a handful of real HTTP requests over loopback after it starts listening and
 * before it reports ready, so that the first request of the HTTP path the in-process warm-up
 * ({@link PredictionWarmUp}) cannot reach — accepting, parsing, routing, reading a body, writing an answer — does
 * not pay for loading and initializing Helidon's classes: after a warm start the first request's body alone took
 * 5–7 ms to read against 0.2 ms later.
 *
 * <p>Few on purpose: too few for the JIT to compile or profile the request path for the warm-up's shapes rather than
 * real predictions (up to 3,000 such requests were once dropped for a higher CPU cost per cached prediction, measured
 * in a way since found to be biased; see BENCHMARKS.md).
 *
 * <p>Only requests that change nothing are sent: the metadata of held models ({@code GET /v1/models/{id}}) and
 * predictions the API refuses before looking for a model ({@code 400}: an order without its {@code orderId}) — no
 * prediction is answered, so nothing is logged for the outcome loop, and the request metrics are not counted while
 * it runs.
 */
final class HttpWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(HttpWarmUp.class);

    /** Requests per connection before the next one is opened, so accepting a connection is warmed as well. */
    static final int REQUESTS_PER_CONNECTION = 4;
    /** Each shape a few times: far below the invocation counts at which the JIT starts to profile and compile. */
    static final int MAX_REQUESTS = 8;
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(1);

    private final URI base;

    /** @param base the public port's address on loopback, e.g. {@code http://127.0.0.1:8080} */
    HttpWarmUp(URI base) {
        this.base = base;
    }

    /**
     * Sends the requests, round after round over {@code customers} (those with held models answer their metadata,
     * the others 404), until {@link #MAX_REQUESTS} or {@code budget} have passed, or a request fails.
     *
     * @return how many requests were answered
     */
    int run(List<String> customers, Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            return 0;
        }
        List<String> ids = customers.isEmpty() ? List.of("warm-up") : customers;
        long deadline = System.nanoTime() + budget.toNanos();
        int answered = 0;
        try {
            while (answered < MAX_REQUESTS && System.nanoTime() < deadline) {
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(CALL_TIMEOUT).build()) {
                    for (int i = 0; i < REQUESTS_PER_CONNECTION && answered < MAX_REQUESTS
                            && System.nanoTime() < deadline; i++) {
                        String customerId = ids.get(answered % ids.size());
                        client.send(answered % 2 == 0 ? metadata(customerId) : refusedPrediction(customerId),
                                HttpResponse.BodyHandlers.discarding());
                        answered++;
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("The HTTP warm-up stopped after {} requests: {}", answered, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return answered;
    }

    private HttpRequest metadata(String customerId) {
        return HttpRequest.newBuilder(base.resolve("/v1/models/" + URLEncoder.encode(customerId, StandardCharsets.UTF_8)))
                .timeout(CALL_TIMEOUT).GET().build();
    }

    private HttpRequest refusedPrediction(String customerId) {
        String json = "{\"customerId\": \"" + customerId.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\", \"order\": {}}";
        return HttpRequest.newBuilder(base.resolve("/v1/predictions")).timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
