package dev.autoship.predictor.api;

import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ShipmentPrediction;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.outcome.OutcomeTracking;
import dev.autoship.predictor.outcome.PredictionRecord;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /v1/predictions} and {@code POST /v1/predictions/batch}. */
public final class PredictionService implements HttpService {

    private final ModelRepository models;
    private final RequestReader reader;
    private final RequestBody body;
    private final JsonResponses responses;
    private final PredictorMetrics metrics;
    private final Clock clock;
    private final OutcomeTracking outcomes;

    PredictionService(ModelRepository models, RequestReader reader, RequestBody body, JsonResponses responses,
                      PredictorMetrics metrics, Clock clock, OutcomeTracking outcomes) {
        this.models = models;
        this.reader = reader;
        this.body = body;
        this.responses = responses;
        this.metrics = metrics;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    @Override
    public void routing(HttpRules rules) {
        // with or without a trailing slash, like the single prediction's "/"
        rules.post("/", this::predict)
                .post("/batch", this::batch)
                .post("/batch/", this::batch)
                .any("/", responses.methodNotAllowed("POST"))
                .any("/batch", responses.methodNotAllowed("POST"))
                .any("/batch/", responses.methodNotAllowed("POST"));
    }

    private void predict(ServerRequest req, ServerResponse res) {
        RequestReader.SingleRequest request = reader.single(body.read(req));
        ModelLookup lookup = models.get(request.customerId());
        PredictionJson.Prediction prediction = predict(request.customerId(), request.order(), lookup, clock.instant());
        metrics.predicted(1);
        responses.send(res, Status.OK_200, prediction);
    }

    private void batch(ServerRequest req, ServerResponse res) {
        RequestReader.BatchRequest request = reader.batch(body.read(req));
        ModelLookup lookup = models.get(request.customerId());
        Instant now = clock.instant();
        List<PredictionJson.Prediction> predictions = new ArrayList<>(request.orders().size());
        for (Order order : request.orders()) {
            predictions.add(predict(request.customerId(), order, lookup, now));
        }
        metrics.predicted(predictions.size());
        responses.send(res, Status.OK_200, new PredictionJson.Batch(predictions));
    }

    /** Predicts the order and logs the answer for the outcome loop. */
    private PredictionJson.Prediction predict(String customerId, Order order, ModelLookup lookup, Instant now) {
        ShipmentPrediction prediction = lookup.model().predict(order, now);
        outcomes.answered(PredictionRecord.of(customerId, order.orderId(), prediction,
                outcomes.quality().autoShip(lookup.model(), prediction), lookup.model(), now));
        return PredictionJson.Prediction.of(customerId, order.orderId(), prediction, lookup);
    }
}
