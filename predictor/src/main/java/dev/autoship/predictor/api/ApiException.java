package dev.autoship.predictor.api;

import io.helidon.http.Status;

/** A request the API answers with an error status and an {@link ApiError} body. */
final class ApiException extends RuntimeException {

    private final Status status;
    private final String code;
    private final boolean closesConnection;

    ApiException(Status status, String code, String message) {
        this(status, code, message, false);
    }

    /** @param closesConnection the answer ends the connection: unread request bytes must never be parsed as a request */
    ApiException(Status status, String code, String message, boolean closesConnection) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.closesConnection = closesConnection;
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

    boolean closesConnection() {
        return closesConnection;
    }
}
