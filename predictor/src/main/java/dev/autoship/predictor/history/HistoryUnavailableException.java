package dev.autoship.predictor.history;

/** The history store could not answer (down, timing out, refusing credentials). */
public final class HistoryUnavailableException extends RuntimeException {
    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
