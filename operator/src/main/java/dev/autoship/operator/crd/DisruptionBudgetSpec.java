package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** PodDisruptionBudget keeping all but one of the replica floor up during voluntary disruptions. */
public record DisruptionBudgetSpec(
        @JsonPropertyDescription("Create a PodDisruptionBudget (only when the replica floor is 2 or more); default true")
        Boolean enabled) {
}
