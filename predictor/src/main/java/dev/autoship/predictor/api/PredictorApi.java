package dev.autoship.predictor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.history.HistoryUnavailableException;
import dev.autoship.predictor.model.InsufficientHistoryException;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.outcome.OutcomeTracking;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.NotFoundException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/** The prediction API's routes and its one place that turns failures into {@link ApiError} answers. */
public final class PredictorApi {

    private static final Logger LOG = LoggerFactory.getLogger(PredictorApi.class);
    private static final Pattern OBSERVE_PATHS = Pattern.compile("/observe/(health|metrics)(/[^/]+)*/?");
    private static final Status UNPROCESSABLE_422 = Status.create(422, "Unprocessable Content");

    private final JsonResponses responses;
    private final PredictionService predictions;
    private final ModelService modelService;
    private final RequestMetrics requestMetrics;
    private final PredictionWarmUp warmUp;
    private final RequestBody body;
    private final Duration retryAfter;

    /**
     * @param retryAfter         what a 503 tells clients to wait before retrying
     * @param closingConnections true once every answer must end its connection (shutting down)
     * @param outcomes           logs every answered prediction and shows a model's outcomes
     */
    public PredictorApi(ModelRepository models, PredictorMetrics metrics, ObjectMapper json, int maxBatchOrders,
                        long maxRequestBytes, Duration retryAfter, Clock clock, BooleanSupplier closingConnections,
                        OutcomeTracking outcomes) {
        this.responses = new JsonResponses(json, closingConnections);
        this.body = new RequestBody(maxRequestBytes);
        RequestReader reader = new RequestReader(json, maxBatchOrders);
        this.predictions = new PredictionService(models, reader, body, responses, metrics, clock, outcomes);
        this.warmUp = new PredictionWarmUp(models, reader, json, clock);
        this.modelService = new ModelService(models, responses, outcomes);
        this.requestMetrics = new RequestMetrics(metrics);
        this.retryAfter = retryAfter;
    }

    /**
     * Runs the prediction path in process on the given customers' held models for up to {@code budget}, so the
     * JIT has compiled it before real requests arrive (see {@link PredictionWarmUp}).
     *
     * @return how many predictions ran
     */
    public int warmUp(List<String> customers, Duration budget) {
        return warmUp.run(customers, budget);
    }

    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(requestMetrics)
                .register("/v1/predictions", predictions)
                .register("/v1/models", modelService)
                .error(NotFoundException.class, (req, res, e) -> notFound(req, res))
                .error(ApiException.class, (req, res, e) -> {
                    if (e.closesConnection()) {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                    }
                    error(res, e.status(), e.code(), e.getMessage());
                })
                .error(InsufficientHistoryException.class, (req, res, e) ->
                        error(res, UNPROCESSABLE_422, "insufficient_history", e.getMessage()))
                .error(HistoryUnavailableException.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
                    error(res, Status.SERVICE_UNAVAILABLE_503, "history_unavailable", e.getMessage()
                            + "; no cached model exists for this customer, retry later");
                })
                .error(RequestException.class, (req, res, e) -> {
                    Status status = e.status();
                    if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
                        error(res, status, "payload_too_large", body.tooLarge());
                    } else if (status.code() < 500) {
                        error(res, status, "invalid_request", e.getMessage());
                    } else {
                        internalError(res, e);
                    }
                })
                .error(Exception.class, (req, res, e) -> internalError(res, e));
    }

    /**
     * No route matched. The health and metrics endpoints are Helidon's and answer GET and HEAD only: another
     * method there is a 405; anything else is a 404.
     */
    private void notFound(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (OBSERVE_PATHS.matcher(path).matches() && !Method.GET.equals(req.prologue().method())
                && !Method.HEAD.equals(req.prologue().method())) {
            responses.sendMethodNotAllowed(req, res, "GET, HEAD");
            return;
        }
        error(res, Status.NOT_FOUND_404, "not_found", "no endpoint " + req.prologue().method().text() + " " + path
                + "; the API is POST /v1/predictions, POST /v1/predictions/batch, GET|DELETE /v1/models/{customerId};"
                + " health at GET /observe/health[/live|/ready], metrics at GET /observe/metrics");
    }

    /** JSON answers for failures Helidon reports before routing (oversized or unreadable requests). */
    public DirectHandlers directHandlers() {
        DirectHandler json = (request, event, status, headers, message) -> {
            ApiError error = status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()
                    ? new ApiError("payload_too_large", body.tooLarge())
                    : new ApiError("invalid_request", message == null || message.isBlank() ? status.reasonPhrase() : message);
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .entity(responses.bytes(error))
                    .keepAlive(false)
                    .build();
        };
        // Outside routing, Helidon 4.5 reports some unparsable requests (an invalid method token, a head cut short)
        // as internal errors, answering 500 and logging a warning: they are the client's, so a 400.
        DirectHandler unparsable = (request, event, status, headers, message) -> DirectHandler.TransportResponse.builder()
                .status(Status.BAD_REQUEST_400)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .entity(responses.bytes(new ApiError("invalid_request", "the request could not be parsed as HTTP/1.1")))
                .keepAlive(false)
                .build();
        return DirectHandlers.builder()
                .addHandler(DirectHandler.EventType.PAYLOAD_TOO_LARGE, json)
                .addHandler(DirectHandler.EventType.BAD_REQUEST, json)
                .addHandler(DirectHandler.EventType.INTERNAL_ERROR, unparsable)
                .build();
    }

    private void internalError(ServerResponse res, Throwable e) {
        LOG.error("Request failed unexpectedly", e);
        error(res, Status.INTERNAL_SERVER_ERROR_500, "internal_error",
                "the predictor failed unexpectedly; the cause is in its log");
    }

    private void error(ServerResponse res, Status status, String code, String message) {
        responses.send(res, status, new ApiError(code, message));
    }
}
