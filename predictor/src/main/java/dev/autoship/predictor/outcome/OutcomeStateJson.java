package dev.autoship.predictor.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.history.ShipmentPosition;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The stored form of an {@link OutcomeState}: plain JSON, read field by field (never Java deserialization); a
 * value that is not this form is refused as a whole.
 */
final class OutcomeStateJson {

    private final ObjectMapper json = new ObjectMapper();

    String write(OutcomeState state) {
        ObjectNode root = json.createObjectNode();
        state.joinedUntil().ifPresent(position -> root.putObject("joinedUntil")
                .put("shippedAt", position.shippedAt().toString()).put("orderId", position.orderId()));
        state.checkedAt().ifPresent(at -> root.put("checkedAt", at.toString()));
        ArrayNode generations = root.putArray("generations");
        state.generations().forEach((model, generation) -> tally(generations.addObject()
                .put("modelTrainedAt", model.toString()).put("predictions", generation.predictions()), generation.outcomes()));
        ArrayNode days = root.putArray("days");
        state.days().forEach((day, outcomes) -> tally(days.addObject().put("day", day.toString()), outcomes));
        root.put("predictionsInWindow", state.predictionsInWindow());
        state.driftRefreshedModel().ifPresent(model -> root.put("driftRefreshedModel", model.toString()));
        try {
            return json.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write outcome state", e);
        }
    }

    private static void tally(ObjectNode node, Tally tally) {
        node.put("resolved", tally.resolved()).put("matched", tally.matched())
                .put("autoShipResolved", tally.autoShipResolved()).put("autoShipMatched", tally.autoShipMatched());
    }

    /** The state stored as {@code text}; empty when it is not a state this predictor wrote. */
    Optional<OutcomeState> read(String text) {
        try {
            JsonNode root = json.readTree(text);
            if (root == null || !root.isObject()) {
                return Optional.empty();
            }
            JsonNode joined = root.get("joinedUntil");
            Optional<ShipmentPosition> joinedUntil = joined == null ? Optional.empty() : Optional.of(new ShipmentPosition(
                    Instant.parse(text(joined, "shippedAt")), text(joined, "orderId")));
            Optional<Instant> checkedAt = root.has("checkedAt") ? Optional.of(Instant.parse(text(root, "checkedAt")))
                    : Optional.empty();
            Map<Instant, OutcomeState.Generation> generations = new HashMap<>();
            for (JsonNode generation : array(root, "generations")) {
                generations.put(Instant.parse(text(generation, "modelTrainedAt")),
                        new OutcomeState.Generation(count(generation, "predictions"), tally(generation)));
            }
            Map<LocalDate, Tally> days = new HashMap<>();
            for (JsonNode day : array(root, "days")) {
                days.put(LocalDate.parse(text(day, "day")), tally(day));
            }
            Optional<Instant> drift = root.has("driftRefreshedModel")
                    ? Optional.of(Instant.parse(text(root, "driftRefreshedModel"))) : Optional.empty();
            return Optional.of(new OutcomeState(joinedUntil, checkedAt, generations, days,
                    count(root, "predictionsInWindow"), drift));
        } catch (JsonProcessingException | IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Tally tally(JsonNode node) {
        Tally tally = new Tally(count(node, "resolved"), count(node, "matched"), count(node, "autoShipResolved"),
                count(node, "autoShipMatched"));
        if (tally.matched() > tally.resolved() || tally.autoShipMatched() > tally.autoShipResolved()
                || tally.autoShipResolved() > tally.resolved()) {
            throw new IllegalArgumentException("inconsistent counts");
        }
        return tally;
    }

    private static Iterable<JsonNode> array(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isArray()) {
            throw new IllegalArgumentException(field + " is not an array");
        }
        return value;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is not text");
        }
        return value.textValue();
    }

    private static long count(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || !value.canConvertToExactIntegral() || value.asLong() < 0) {
            throw new IllegalArgumentException(field + " is not a count");
        }
        return value.asLong();
    }
}
