package dev.autoship.predictor;

/** The server could not open its ports; Helidon has logged why (typically another process holds one of them). */
public final class CannotListenException extends RuntimeException {

    CannotListenException(int port, int managementPort) {
        super("cannot listen on port " + port + " (public, AUTOSHIP_SERVER_PORT) and " + managementPort
                + " (management, AUTOSHIP_MANAGEMENT_PORT); the listener error above says why, e.g. the address is"
                + " already in use by another process");
    }
}
