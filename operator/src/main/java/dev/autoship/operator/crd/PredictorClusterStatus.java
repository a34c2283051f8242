package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;
import java.util.Optional;

/** Observed state, written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictorClusterStatus(
        @JsonPropertyDescription("metadata.generation this status describes") Long observedGeneration,
        @StatusReplicas @JsonPropertyDescription("Pods the Deployment currently wants") Integer replicas,
        @JsonPropertyDescription("Pods of the current spec that are ready") Integer readyReplicas,
        @JsonPropertyDescription("Image of the current spec") String image,
        @JsonPropertyDescription("In-cluster URL of the predictor API") String endpoint,
        @JsonPropertyDescription("Ready, Progressing and Degraded") List<Condition> conditions,
        @LabelSelector @JsonPropertyDescription("Label selector of the pods (for the scale subresource)")
        String selector) {

    public Optional<Condition> condition(String type) {
        return conditions == null ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
