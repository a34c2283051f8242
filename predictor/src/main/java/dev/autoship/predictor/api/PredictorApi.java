package dev.autoship.predictor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.history.HistoryUnavailableException;
import dev.autoship.predictor.model.InsufficientHistoryException;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.outcome.OutcomeTracking;
import dev.autoship.predictor.training.TrainingQueueFullException;
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

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/** The prediction API's routes and its one place that turns failures into {@link ApiError} answers. */
public final class PredictorApi {

    private static final Logger LOG = LoggerFactory.getLogger(PredictorApi.class);
    private static final Pattern OBSERVE_PATHS = Pattern.compile("/observe/(health|metrics)(/[^/]+)*/?");
    private static final Pattern OPENAPI_PATH = Pattern.compile("/openapi/?");
    private static final Pattern MODEL_PATH = Pattern.compile("/v1/models/[^/]+/?");
    private static final io.helidon.http.Header PROMETHEUS_TEXT =
            HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
    private static final Status UNPROCESSABLE_422 = Status.create(422, "Unprocessable Content");

    private final JsonResponses responses;
    private final PredictionService predictions;
    private final ModelService modelService;
    private final ModelAdminService modelAdmin;
    private final RequestMetrics requestMetrics;
    private final PredictionWarmUp warmUp;
    private final RequestBody body;
    private final Duration retryAfter;
    private final AtomicBoolean warmingUpOverHttp = new AtomicBoolean();

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
        this.modelAdmin = new ModelAdminService(models, responses);
        this.requestMetrics = new RequestMetrics(metrics, () -> !warmingUpOverHttp.get());
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

    /**
     * {@link #warmUp} on models held nowhere (those a rehearsal of the cold path trained), for an instance that
     * starts with none to load.
     *
     * @return how many predictions ran
     */
    public int warmUpOn(List<ShipmentModel> models, Duration budget) {
        return warmUp.runOnModels(models, budget);
    }

    /**
     * Sends the public port at {@code base} requests that change nothing, for up to {@code budget}, so the JIT has
     * compiled the HTTP path before real requests arrive (see {@link HttpWarmUp}); the request metrics do not count
     * them.
     *
     * @return how many requests were answered
     */
    public int warmUpOverHttp(URI base, List<String> customers, Duration budget) {
        warmingUpOverHttp.set(true);
        try {
            return new HttpWarmUp(base).run(customers, budget);
        } finally {
            warmingUpOverHttp.set(false);
        }
    }

    /** The public port: predictions, model metadata (and {@code /openapi}, a feature of the server's). */
    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(requestMetrics)
                .register("/v1/predictions", predictions)
                .register("/v1/models", modelService)
                .error(NotFoundException.class, (req, res, e) -> notFoundOnPublicPort(req, res));
        errors(routing);
    }

    /** The management port: the admin operation on models (health and metrics are the server's observe feature). */
    public void managementRouting(HttpRouting.Builder routing) {
        routing.addFilter(requestMetrics)
                .register("/v1/models", modelAdmin)
                .head("/observe/metrics", (req, res) -> res.status(Status.OK_200).header(PROMETHEUS_TEXT).send())
                .error(NotFoundException.class, (req, res, e) -> notFoundOnManagementPort(req, res));
        errors(routing);
    }

    private void errors(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> {
                    if (e.closesConnection()) {
                        res.header(HeaderValues.CONNECTION_CLOSE);
                    }
                    error(req, res, e.status(), e.code(), e.getMessage());
                })
                .error(InsufficientHistoryException.class, (req, res, e) ->
                        error(req, res, UNPROCESSABLE_422, "insufficient_history", e.getMessage()))
                .error(HistoryUnavailableException.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
                    error(req, res, Status.SERVICE_UNAVAILABLE_503, "history_unavailable", e.getMessage()
                            + "; no cached model exists for this customer, retry later");
                })
                .error(TrainingQueueFullException.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
                    error(req, res, Status.SERVICE_UNAVAILABLE_503, "overloaded", e.getMessage()
                            + "; this customer's model cannot be trained now, retry later");
                })
                .error(RequestException.class, (req, res, e) -> {
                    Status status = e.status();
                    if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
                        error(req, res, status, "payload_too_large", body.tooLarge());
                    } else if (status.code() < 500) {
                        error(req, res, status, "invalid_request", e.getMessage());
                    } else {
                        internalError(req, res, e);
                    }
                })
                .error(Exception.class, (req, res, e) -> internalError(req, res, e));
    }

    /**
     * No route matched on the public port. {@code /openapi} is the OpenAPI feature's and answers GET only: another
     * method there is a 405. Endpoints of the management port are named as such.
     */
    private void notFoundOnPublicPort(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (OPENAPI_PATH.matcher(path).matches() && !Method.GET.equals(req.prologue().method())) {
            responses.sendMethodNotAllowed(req, res, "GET");
            return;
        }
        if (OBSERVE_PATHS.matcher(path).matches() || MODEL_PATH.matcher(path).matches()) {
            error(req, res, Status.NOT_FOUND_404, "not_found", req.prologue().method().text() + " " + path
                    + " is served on the management port (AUTOSHIP_MANAGEMENT_PORT), not on this one");
            return;
        }
        error(req, res, Status.NOT_FOUND_404, "not_found", "no endpoint " + req.prologue().method().text() + " " + path
                + "; this port serves POST /v1/predictions, POST /v1/predictions/batch, GET /v1/models/{customerId}"
                + " and GET /openapi; health, metrics and DELETE /v1/models/{customerId} are on the management port");
    }

    /**
     * No route matched on the management port. The health and metrics endpoints are Helidon's and answer GET and
     * HEAD only: another method there is a 405; anything else is a 404.
     */
    private void notFoundOnManagementPort(ServerRequest req, ServerResponse res) {
        String path = req.path().path();
        if (OBSERVE_PATHS.matcher(path).matches() && !Method.GET.equals(req.prologue().method())
                && !Method.HEAD.equals(req.prologue().method())) {
            responses.sendMethodNotAllowed(req, res, "GET, HEAD");
            return;
        }
        error(req, res, Status.NOT_FOUND_404, "not_found", "no endpoint " + req.prologue().method().text() + " " + path
                + "; this management port serves GET /observe/health[/live|/ready], GET /observe/metrics and"
                + " DELETE /v1/models/{customerId}; predictions are on the public port");
    }

    /** JSON answers for failures Helidon reports before routing (oversized or unreadable requests). */
    public DirectHandlers directHandlers() {
        DirectHandler json = (request, event, status, headers, message) -> {
            var encoding = request.headers().first(HeaderNames.CONTENT_ENCODING);
            if (status.code() == Status.BAD_REQUEST_400.code() && encoding.isPresent()) {
                // Helidon refuses any Content-Encoding here (no decoders configured) with a bare 400; RFC 9110
                // (15.5.16) says 415, naming in Accept-Encoding what would have been accepted
                return DirectHandler.TransportResponse.builder()
                        .status(Status.UNSUPPORTED_MEDIA_TYPE_415)
                        .header(HeaderValues.CONTENT_TYPE_JSON)
                        .header(HeaderNames.ACCEPT_ENCODING, "identity")
                        .entity(responses.bytes(new ApiError("unsupported_media_type", "Content-Encoding '"
                                + encoding.get() + "' is not supported: send the request body uncompressed, without a"
                                + " Content-Encoding header")))
                        .keepAlive(false)
                        .build();
            }
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

    private void internalError(ServerRequest req, ServerResponse res, Throwable e) {
        LOG.error("Request failed unexpectedly", e);
        error(req, res, Status.INTERNAL_SERVER_ERROR_500, "internal_error",
                "the predictor failed unexpectedly; the cause is in its log");
    }

    private void error(ServerRequest req, ServerResponse res, Status status, String code, String message) {
        RequestMetrics.noteError(req, code);
        responses.send(res, status, new ApiError(code, message));
    }
}
