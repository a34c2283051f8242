package dev.autoship.predictor.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.api.ApiError;
import dev.autoship.predictor.history.DemoHistory;
import dev.autoship.predictor.history.ElasticsearchHistory;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.order.InvalidOrderException;
import dev.autoship.predictor.order.OrderJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/shipments} on the management listener, embedded mode only: shipments (documents of the history
 * contract, one or {@code {"shipments": [...]}}) go into the demo history, as a shipping system adds them to the
 * shipments index, so the outcome loop can be tried end to end without Elasticsearch. Answers
 * {@code 202 {"accepted": n}}; a document that breaks the contract refuses the whole request with 400.
 */
public final class ShipmentIntake implements HttpService {

    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;
    static final int MAX_SHIPMENTS = 10_000;

    private final DemoHistory history;
    private final ObjectMapper json = new ObjectMapper();

    public ShipmentIntake(DemoHistory history) {
        this.history = history;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::accept)
                .any("/", (req, res) -> {
                    res.header(HeaderNames.ALLOW, "POST");
                    send(res, Status.METHOD_NOT_ALLOWED_405, new ApiError("method_not_allowed",
                            req.prologue().method().text() + " is not allowed on " + req.path().path() + "; allowed: POST"));
                });
    }

    private void accept(ServerRequest req, ServerResponse res) {
        List<Shipment> shipments;
        try {
            shipments = read(body(req));
        } catch (InvalidOrderException | DateTimeParseException | JsonProcessingException e) {
            send(res, Status.BAD_REQUEST_400, new ApiError("invalid_request", message(e)));
            return;
        }
        if (!history.accept(shipments)) {
            send(res, Status.INSUFFICIENT_STORAGE_507, new ApiError("history_full",
                    "the demo history holds as many accepted shipments as it may; restart the predictor to empty it"));
            return;
        }
        send(res, Status.ACCEPTED_202, Map.of("accepted", shipments.size()));
    }

    private List<Shipment> read(byte[] body) throws JsonProcessingException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidOrderException("the body must be a shipment document or {\"shipments\": [...]}");
        }
        List<JsonNode> documents = new ArrayList<>();
        if (root.has("shipments")) {
            if (!root.get("shipments").isArray()) {
                throw new InvalidOrderException("shipments must be an array of shipment documents");
            }
            root.get("shipments").forEach(documents::add);
        } else {
            documents.add(root);
        }
        if (documents.size() > MAX_SHIPMENTS) {
            throw new InvalidOrderException("shipments must hold at most " + MAX_SHIPMENTS + " documents, got "
                    + documents.size());
        }
        List<Shipment> shipments = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            String path = documents.size() == 1 && !root.has("shipments") ? "document" : "shipments[" + i + "]";
            OrderJson.requireObject(document, path);
            try {
                shipments.add(ElasticsearchHistory.shipment(OrderJson.requiredText(document, path, "customerId"),
                        (ObjectNode) document));
            } catch (DateTimeParseException e) {
                throw new InvalidOrderException(path + ".shippedAt must be an ISO-8601 time with offset, got '"
                        + document.path("shippedAt").asText() + "'");
            } catch (InvalidOrderException e) {
                throw new InvalidOrderException(path + ": " + e.getMessage());
            }
        }
        return shipments;
    }

    private static byte[] body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new InvalidOrderException("the body must be at most " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String message(Exception e) {
        return e instanceof JsonProcessingException json ? "the body is not valid JSON: " + json.getOriginalMessage()
                : e.getMessage();
    }

    private void send(ServerResponse res, Status status, Object body) {
        try {
            res.status(status).header(HeaderValues.CONTENT_TYPE_JSON).send(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
