package dev.autoship.operator.crd;

import java.net.URI;

/** Facts about a backend URL from the spec. */
final class BackendUrl {

    private BackendUrl() {
    }

    /** Explicit port of {@code url}, else 443/80 for https/http, else {@code fallback}. */
    static int port(String url, int fallback) {
        URI uri = URI.create(url);
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return switch (uri.getScheme()) {
            case "https" -> 443;
            case "http" -> 80;
            default -> fallback;
        };
    }
}
