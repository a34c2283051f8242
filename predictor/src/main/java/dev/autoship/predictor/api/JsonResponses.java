package dev.autoship.predictor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/** Writes JSON bodies with the right content type. */
final class JsonResponses {

    private final ObjectMapper json;

    JsonResponses(ObjectMapper json) {
        this.json = json;
    }

    void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
        res.status(status).header(HeaderValues.CONTENT_TYPE_JSON).send(bytes);
    }

    byte[] bytes(ApiError error) {
        try {
            return json.writeValueAsBytes(error);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error as JSON", e);
        }
    }
}
