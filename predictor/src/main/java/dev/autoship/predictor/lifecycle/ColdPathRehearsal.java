package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.model.ShipmentModel;

import java.util.List;

/**
 * What a starting instance's rehearsal of the cold path did: the customers whose whole cold path ran, the models
 * it trained (held nowhere; the prediction path may warm up on them) and how many history reads ran in all.
 */
public record ColdPathRehearsal(List<String> customers, List<ShipmentModel> models, int reads) {

    public ColdPathRehearsal {
        customers = List.copyOf(customers);
        models = List.copyOf(models);
    }
}
