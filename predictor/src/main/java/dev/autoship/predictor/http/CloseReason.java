package dev.autoship.predictor.http;

import java.util.Locale;

/** Why the server itself closed a client's connection (the {@code reason} of the closed-connections counter). */
public enum CloseReason {
    /** A request, or a new connection's first one, did not arrive whole within the request timeout. */
    REQUEST_TIMEOUT,
    /** The port's connection budget was full: closed to make room for a new connection (see {@link ConnectionBudget}). */
    SHED,
    /** The budget was full and every connection was answering a request: the new connection was closed at once. */
    OVER_LIMIT;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
