package dev.autoship.predictor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.history.HistoryUnavailableException;
import dev.autoship.predictor.model.InsufficientHistoryException;
import dev.autoship.predictor.model.UnpredictableOrderException;
import dev.autoship.predictor.ops.PredictorMetrics;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/** The prediction API's routes and its one place that turns failures into {@link ApiError} answers. */
public final class PredictorApi {

    private static final Logger LOG = LoggerFactory.getLogger(PredictorApi.class);
    private static final Status UNPROCESSABLE_422 = Status.create(422, "Unprocessable Content");

    private final JsonResponses responses;
    private final PredictionService predictions;
    private final ModelService modelService;
    private final long maxRequestBytes;
    private final Duration retryAfter;

    /**
     * @param retryAfter what a 503 tells clients to wait before retrying
     */
    public PredictorApi(ModelRepository models, PredictorMetrics metrics, ObjectMapper json, int maxBatchOrders,
                        long maxRequestBytes, Duration retryAfter, Clock clock) {
        this.responses = new JsonResponses(json);
        this.predictions = new PredictionService(models, new RequestReader(json, maxBatchOrders), responses, metrics,
                clock);
        this.modelService = new ModelService(models, responses, metrics);
        this.maxRequestBytes = maxRequestBytes;
        this.retryAfter = retryAfter;
    }

    public void routing(HttpRouting.Builder routing) {
        routing.register("/v1/predictions", predictions)
                .register("/v1/models", modelService)
                .any("/v1/*", (req, res) -> error(res, Status.NOT_FOUND_404, "not_found", "no endpoint "
                        + req.prologue().method().text() + " " + req.path().path()
                        + "; the API is POST /v1/predictions, POST /v1/predictions/batch, GET|DELETE /v1/models/{customerId}"))
                .error(ApiException.class, (req, res, e) -> error(res, e.status(), e.code(), e.getMessage()))
                .error(InsufficientHistoryException.class, (req, res, e) ->
                        error(res, UNPROCESSABLE_422, "insufficient_history", e.getMessage()))
                .error(UnpredictableOrderException.class, (req, res, e) ->
                        error(res, UNPROCESSABLE_422, "unpredictable_order", e.getMessage()))
                .error(HistoryUnavailableException.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
                    error(res, Status.SERVICE_UNAVAILABLE_503, "history_unavailable", e.getMessage()
                            + "; no cached model exists for this customer, retry later");
                })
                .error(RequestException.class, (req, res, e) -> {
                    Status status = e.status();
                    if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
                        error(res, status, "payload_too_large", tooLarge());
                    } else if (status.code() < 500) {
                        error(res, status, "invalid_request", e.getMessage());
                    } else {
                        internalError(res, e);
                    }
                })
                .error(Exception.class, (req, res, e) -> internalError(res, e));
    }

    /** JSON answers for failures Helidon reports before routing (oversized or unreadable requests). */
    public DirectHandlers directHandlers() {
        DirectHandler json = (request, event, status, headers, message) -> {
            ApiError error = status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()
                    ? new ApiError("payload_too_large", tooLarge())
                    : new ApiError("invalid_request", message == null || message.isBlank() ? status.reasonPhrase() : message);
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .header(HeaderValues.CONTENT_TYPE_JSON)
                    .entity(responses.bytes(error))
                    .keepAlive(false)
                    .build();
        };
        return DirectHandlers.builder()
                .addHandler(DirectHandler.EventType.PAYLOAD_TOO_LARGE, json)
                .addHandler(DirectHandler.EventType.BAD_REQUEST, json)
                .build();
    }

    private String tooLarge() {
        return "request body is larger than " + maxRequestBytes + " bytes";
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
