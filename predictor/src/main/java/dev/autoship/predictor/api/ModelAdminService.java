package dev.autoship.predictor.api;

import dev.autoship.predictor.lifecycle.ModelRepository;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code DELETE /v1/models/{customerId}} on the management port: drops the customer's model from every tier. */
final class ModelAdminService implements HttpService {

    private final ModelRepository models;
    private final JsonResponses responses;

    ModelAdminService(ModelRepository models, JsonResponses responses) {
        this.models = models;
        this.responses = responses;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.delete("/{+customerId}", this::delete)
                .any("/{+customerId}", responses.methodNotAllowed("DELETE"));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        models.evict(ModelService.customerId(req));
        res.status(Status.NO_CONTENT_204).send();
    }
}
