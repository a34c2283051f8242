package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Limits on client connections to each pod; unset keeps the predictor's defaults. */
public record ConnectionsSpec(
        @Pattern(Durations.PATTERN) @JsonPropertyDescription(
                "A request must arrive completely within this long of its first byte (a connection's first request: of the"
                        + " predictor starting to serve the connection, so a client that connects and sends nothing is"
                        + " closed too); default PT10S")
        String requestTimeout,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("Kept-alive connections idle this long are closed; default PT60S")
        String idleTimeout,
        @Min(1) @JsonPropertyDescription("Client connections served at once per pod (a new one beyond them takes the place of"
                + " the connection that has waited longest for its request); default 2000") Integer max) {
}
