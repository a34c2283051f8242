package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** How customers with too little history are remembered; unset keeps the predictor's defaults. */
public record InsufficientHistorySpec(
        @Pattern(Durations.PATTERN) @JsonPropertyDescription(
                "How long a customer with too little history gets 422 without another history query (PT0S = not remembered); default PT1M")
        String rememberFor,
        @Min(1) @JsonPropertyDescription("Customers remembered at most; default 10000") Integer maxCustomers) {
}
