package dev.autoship.predictor.api;

import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.ops.PredictorMetrics.Endpoint;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Times every request to an API endpoint and counts its answer by status code, in one place for all handlers.
 * The routes' error handlers answer inside {@link FilterChain#proceed()}, so the status seen after it is the
 * one the client got.
 */
final class RequestMetrics implements Filter {

    private final PredictorMetrics metrics;
    private final BooleanSupplier counting;

    /** Where an error answer leaves its {@code error} code for the count of answers. */
    private static final String ERROR_CODE = "autoship.error";
    private static final String NO_ERROR = "none";

    /** @param counting false while the instance sends itself warm-up requests, which are not counted */
    RequestMetrics(PredictorMetrics metrics, BooleanSupplier counting) {
        this.metrics = metrics;
        this.counting = counting;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<Endpoint> endpoint = endpoint(req.path().path());
        if (endpoint.isEmpty() || !counting.getAsBoolean()) {
            chain.proceed();
            return;
        }
        long started = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            metrics.request(endpoint.get(), res.status().code(),
                    req.context().get(ERROR_CODE, String.class).orElse(NO_ERROR), System.nanoTime() - started);
        }
    }

    /**
     * Notes the {@code error} code of the answer being sent, so that answers are counted by it too: a 503
     * {@code overloaded} and a 503 {@code history_unavailable} call for different alerts.
     */
    static void noteError(ServerRequest req, String code) {
        req.context().register(ERROR_CODE, code);
    }

    static Optional<Endpoint> endpoint(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        return switch (trimmed) {
            case "/v1/predictions" -> Optional.of(Endpoint.PREDICT);
            case "/v1/predictions/batch" -> Optional.of(Endpoint.BATCH);
            default -> trimmed.startsWith("/v1/models/") ? Optional.of(Endpoint.MODELS) : Optional.empty();
        };
    }
}
