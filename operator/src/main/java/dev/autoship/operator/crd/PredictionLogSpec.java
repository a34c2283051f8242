package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.time.Duration;

/**
 * The predictions, written to daily indices in the history's Elasticsearch and joined later with the shipments that
 * followed them: the predictor's outcomes, live accuracy and drift refreshes need it.
 */
public record PredictionLogSpec(
        @JsonPropertyDescription("Write the prediction log (needs spec.elasticsearch); default false") Boolean enabled,
        @Pattern(INDEX_PATTERN) @Size(min = 1, max = MAX_INDEX_LENGTH)
        @JsonPropertyDescription("Base name of the daily indices (<index>-yyyy.MM.dd): lower case letters, digits, "
                + "'.', '_' and '-', starting with a letter or digit; default " + DEFAULT_INDEX)
        String index,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("Daily indices older than this are deleted (at least "
                + "P1D); default P30D")
        String retention) {

    public static final String DEFAULT_INDEX = "autoship-predictions";
    /** Elasticsearch's rules for an index name, narrowed to what names a daily index family safely. */
    public static final String INDEX_PATTERN = "^[a-z0-9][a-z0-9._-]*$";
    /** 255 bytes, less the "-yyyy.MM.dd" of each daily index. */
    public static final int MAX_INDEX_LENGTH = 244;
    /** The log is kept in daily indices: less than a day would delete today's. */
    public static final Duration MIN_RETENTION = Duration.ofDays(1);

    public boolean enabledOrDefault() {
        return enabled != null && enabled;
    }

    public String indexOrDefault() {
        return index == null ? DEFAULT_INDEX : index;
    }
}
