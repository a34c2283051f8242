package dev.autoship.predictor.model;

/** The model shares no feature with the order, so it has nothing to base a prediction on. */
public final class UnpredictableOrderException extends RuntimeException {
    public UnpredictableOrderException(String message) {
        super(message, null, false, false);
    }
}
