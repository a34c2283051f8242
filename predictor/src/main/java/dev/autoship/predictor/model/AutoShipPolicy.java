package dev.autoship.predictor.model;

/**
 * How an instance decides which answers auto-ship: the rule (target precision and its bound) and the validation
 * evidence pooled over the models it holds. {@link #ownEvidence} pools nothing: each model stands on its own
 * validation alone.
 */
public record AutoShipPolicy(AutoShipRule rule, ValidationPool pool) {

    public static AutoShipPolicy ownEvidence(AutoShipRule rule) {
        return new AutoShipPolicy(rule, new ValidationPool());
    }
}
