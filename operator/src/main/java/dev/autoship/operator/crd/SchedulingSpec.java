package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** Where predictor pods may run; pods are also spread across nodes. */
public record SchedulingSpec(
        @JsonPropertyDescription("Node labels a pod's node must have") Map<String, String> nodeSelector,
        @JsonPropertyDescription("Taints the pods tolerate") List<Toleration> tolerations,
        @JsonPropertyDescription("Node and pod affinity") Affinity affinity,
        @JsonPropertyDescription("PriorityClass of the pods") String priorityClassName) {
}
