package dev.autoship.predictor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.function.BooleanSupplier;

/** Writes JSON bodies with the right content type. */
final class JsonResponses {

    private final ObjectMapper json;
    private final BooleanSupplier closingConnections;

    /** @param closingConnections true once every answer must end its connection (shutting down) */
    JsonResponses(ObjectMapper json, BooleanSupplier closingConnections) {
        this.json = json;
        this.closingConnections = closingConnections;
    }

    void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
        if (closingConnections.getAsBoolean()) {
            // also for requests that were already running when the shutdown began
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        res.status(status).header(HeaderValues.CONTENT_TYPE_JSON).send(bytes);
    }

    /** A handler for the methods a path does not serve: 405 with the {@code Allow} header. */
    Handler methodNotAllowed(String allowed) {
        return (req, res) -> sendMethodNotAllowed(req, res, allowed);
    }

    void sendMethodNotAllowed(ServerRequest req, ServerResponse res, String allowed) {
        RequestMetrics.noteError(req, "method_not_allowed");
        res.header(HeaderNames.ALLOW, allowed);
        send(res, Status.METHOD_NOT_ALLOWED_405, new ApiError("method_not_allowed",
                req.prologue().method().text() + " is not allowed on " + req.path().absolute().path() + "; allowed: " + allowed));
    }

    byte[] bytes(ApiError error) {
        try {
            return json.writeValueAsBytes(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error as JSON", e);
        }
    }
}
