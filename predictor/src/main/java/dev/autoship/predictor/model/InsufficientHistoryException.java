package dev.autoship.predictor.model;

/** A customer has fewer shipments in the history window than a model needs. */
public final class InsufficientHistoryException extends RuntimeException {

    private final int found;

    public InsufficientHistoryException(String customerId, int found, int needed) {
        super("customer '" + customerId + "' has " + found + " shipments in the history window; at least "
                + needed + " are needed to train a model", null, false, false);
        this.found = found;
    }

    public int found() {
        return found;
    }
}
