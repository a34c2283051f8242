package dev.autoship.predictor.api;

/** The body of every error answer: a stable code and a message saying what is wrong and where. */
public record ApiError(String error, String message) {
}
