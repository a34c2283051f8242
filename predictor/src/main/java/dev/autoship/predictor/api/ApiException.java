package dev.autoship.predictor.api;

import io.helidon.http.Status;

/** A request the API answers with an error status and an {@link ApiError} body. */
final class ApiException extends RuntimeException {

    private final Status status;
    private final String code;

    ApiException(Status status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    static ApiException invalidRequest(String message) {
        return new ApiException(Status.BAD_REQUEST_400, "invalid_request", message);
    }

    Status status() {
        return status;
    }

    String code() {
        return code;
    }
}
