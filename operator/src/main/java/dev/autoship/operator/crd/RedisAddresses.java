package dev.autoship.operator.crd;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Redis addresses as the predictor reads them: {@code host:port}, an IPv6 host in brackets ({@code [::1]:6379}). */
public final class RedisAddresses {

    /** RE2-compatible (the API server checks it); the port's range is checked by {@link #problem}. */
    public static final String PATTERN = "^(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]/@?#\\s]+):[0-9]{1,5}$";
    private static final Pattern ADDRESS = Pattern.compile(PATTERN);

    private RedisAddresses() {
    }

    /** The port of a valid {@code address}. */
    public static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    /** Why {@code addresses} cannot be handed to the predictor, if they cannot; null is fine (unset). */
    public static Optional<String> problem(String field, List<String> addresses) {
        if (addresses == null) {
            return Optional.empty();
        }
        if (addresses.isEmpty()) {
            return Optional.of(field + " must list at least one host:port");
        }
        for (String address : addresses) {
            Matcher m = ADDRESS.matcher(address == null ? "" : address);
            if (!m.matches() || port(address) < 1 || port(address) > 65535) {
                return Optional.of("%s must hold host:port addresses (IPv6 as [address]:port, ports 1 to 65535), got '%s'"
                        .formatted(field, address));
            }
        }
        return Optional.empty();
    }
}
