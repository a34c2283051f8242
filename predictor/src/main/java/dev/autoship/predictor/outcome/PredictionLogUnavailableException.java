package dev.autoship.predictor.outcome;

/** The prediction log could not be read (Elasticsearch down, timing out, refusing). */
public final class PredictionLogUnavailableException extends RuntimeException {
    public PredictionLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
