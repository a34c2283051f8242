package dev.autoship.predictor.config;

/** An environment variable holds a value the predictor cannot use; the message names the variable. */
public final class InvalidSettingException extends RuntimeException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
