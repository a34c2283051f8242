package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** Training and model cache settings; unset fields keep the predictor's defaults. */
@ValidationRule(value = "!has(self.minExamples) || !has(self.maxExamples) || self.minExamples <= self.maxExamples",
        message = "model.minExamples must be less than or equal to model.maxExamples")
public record ModelSpec(
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("How long a trained model is reused; default PT24H")
        String cacheTtl,
        @Min(1) @JsonPropertyDescription("Models held in each pod's memory (LRU); default 1000") Integer cacheMaxModels,
        @Pattern(Durations.PATTERN) @JsonPropertyDescription("History used for training; default P90D")
        String historyWindow,
        @Min(1) @JsonPropertyDescription("Fewer shipments than this give 422 insufficient_history; default 20")
        Integer minExamples,
        @Min(1) @JsonPropertyDescription("Newest shipments used at most; default 5000") Integer maxExamples,
        @Min(1) @JsonPropertyDescription("Models a pod trains at the same time (bounds warm-up memory); default 2")
        Integer maxConcurrentTrainings,
        @JsonPropertyDescription("Refresh ahead of expiry and TTL jitter") RefreshSpec refresh,
        @JsonPropertyDescription("Models loaded from Redis before a pod reports ready") WarmStartSpec warmStart,
        @JsonPropertyDescription("Remembering customers with too little history") InsufficientHistorySpec insufficientHistory) {

    public RefreshSpec refreshOrDefault() {
        return refresh == null ? new RefreshSpec(null, null) : refresh;
    }

    public WarmStartSpec warmStartOrDefault() {
        return warmStart == null ? new WarmStartSpec(null, null) : warmStart;
    }

    public InsufficientHistorySpec insufficientHistoryOrDefault() {
        return insufficientHistory == null ? new InsufficientHistorySpec(null, null) : insufficientHistory;
    }
}
