package dev.autoship.predictor.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelSource;
import dev.autoship.predictor.model.ShipmentModel;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs the prediction path in process (read the request, find the held model, predict, write the answer) on the
 * models a starting instance has just loaded, before it reports ready. A new JVM interprets that code until the
 * JIT compiles it; without this, the first seconds of real traffic after a rollout would pay for it. Nothing is
 * counted in the metrics and no model is loaded or trained.
 */
final class PredictionWarmUp {

    /** Enough calls for the JIT's optimizing tier to compile the hot methods. */
    static final int MAX_CALLS = 20_000;

    /** Order shapes the API sees: a typical domestic order, an international one without state, an id only. */
    private static final List<String> ORDERS = List.of(
            """
            {"orderId": "warm-up-1", "weightOz": 12.5, "lengthIn": 9.0, "widthIn": 6.0, "heightIn": 2.5,
             "orderTotal": 39.95, "itemCount": 2, "store": "web", "requestedService": "standard",
             "shipTo": {"country": "US", "state": "TX", "postalCode": "73301", "residential": true}}""",
            """
            {"orderId": "warm-up-2", "weightOz": 30, "orderTotal": 120, "itemCount": 1,
             "shipTo": {"country": "DE", "state": "", "postalCode": "10115", "residential": false}}""",
            """
            {"orderId": "warm-up-3"}""");

    private final ModelRepository models;
    private final RequestReader reader;
    private final ObjectMapper json;
    private final Clock clock;

    PredictionWarmUp(ModelRepository models, RequestReader reader, ObjectMapper json, Clock clock) {
        this.models = models;
        this.reader = reader;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Predicts the sample orders for the held models of {@code customers}, round after round, until
     * {@link #MAX_CALLS} predictions or {@code budget} have passed.
     *
     * @return how many predictions ran
     */
    int run(List<String> customers, Duration budget) {
        return runOn(customers.stream().map(models::peekHeld).flatMap(Optional::stream).toList(), budget);
    }

    /** {@link #run} on models held nowhere (answered as freshly trained ones). */
    int runOnModels(List<ShipmentModel> models, Duration budget) {
        return runOn(models.stream().map(model -> new ModelLookup(model, ModelSource.TRAINED, clock.instant())).toList(),
                budget);
    }

    private int runOn(List<ModelLookup> held, Duration budget) {
        if (held.isEmpty() || budget.isZero() || budget.isNegative()) {
            return 0;
        }
        long deadline = System.nanoTime() + budget.toNanos();
        int calls = 0;
        while (calls < MAX_CALLS && System.nanoTime() < deadline) {
            predict(held.get(calls % held.size()), ORDERS.get((calls / held.size()) % ORDERS.size()));
            calls++;
        }
        return calls;
    }

    private void predict(ModelLookup lookup, String order) {
        String customerId = lookup.model().customerId();
        byte[] request = ("{\"customerId\": " + quoted(customerId) + ", \"order\": " + order + "}")
                .getBytes(StandardCharsets.UTF_8);
        RequestReader.SingleRequest read = reader.single(request);
        try {
            json.writeValueAsBytes(PredictionJson.Prediction.of(customerId, read.order().orderId(),
                    lookup.model().predict(read.order(), clock.instant()), lookup));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a prediction as JSON", e);
        }
    }

    private String quoted(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
