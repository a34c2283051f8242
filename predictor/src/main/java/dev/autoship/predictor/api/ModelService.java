package dev.autoship.predictor.api;

import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.model.ModelLookup;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.outcome.OutcomeTracking;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.TimeSplitValidation;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/models/{customerId}}: metadata of a held model, on the public port (the main application shows it
 * to merchants). Dropping a model is an admin operation of the management port ({@link ModelAdminService}).
 */
public final class ModelService implements HttpService {

    static final String VALIDATION_METHOD = "time-split";

    private final ModelRepository models;
    private final JsonResponses responses;
    private final OutcomeTracking outcomes;

    ModelService(ModelRepository models, JsonResponses responses, OutcomeTracking outcomes) {
        this.models = models;
        this.responses = responses;
        this.outcomes = outcomes;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{+customerId}", this::metadata)
                .any("/{+customerId}", responses.methodNotAllowed("GET"));
    }

    private void metadata(ServerRequest req, ServerResponse res) {
        String customerId = customerId(req);
        ModelLookup lookup = models.peek(customerId).orElseThrow(() -> new ApiException(Status.NOT_FOUND_404,
                "model_not_found", "no model is held for customer '" + customerId
                + "'; the next prediction for this customer trains one"));
        ShipmentModel model = lookup.model();
        responses.send(res, Status.OK_200, new PredictionJson.ModelMetadata(customerId,
                model.trainedAt().toString(), lookup.expiresAt().toString(), model.examples(),
                lookup.source().wireName(), model.trainer(), ModelCodec.FORMAT_VERSION,
                PredictionJson.Provenance.of(model.provenance()),
                PredictionJson.Validation.of(model, VALIDATION_METHOD, TimeSplitValidation.MIN_EXAMPLES),
                model.choices(), model.valuesWhenAbsent(), model.categoriesWhenAbsent(), outcomes.summary(customerId, model).orElse(null)));
    }

    static String customerId(ServerRequest req) {
        return RequestReader.checkCustomerId(req.path().pathParameters().get("customerId"), "customerId");
    }
}
