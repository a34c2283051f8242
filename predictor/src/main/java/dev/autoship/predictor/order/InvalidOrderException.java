package dev.autoship.predictor.order;

/** A request or document field is missing or has a value that cannot be used; the message names the field. */
public final class InvalidOrderException extends RuntimeException {
    public InvalidOrderException(String message) {
        super(message, null, false, false);
    }
}
