package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How Prometheus finds the predictor pods. */
public record MonitoringSpec(
        @JsonPropertyDescription("Create a PodMonitor (Prometheus Operator) for the pods' /observe/metrics; needs "
                + "the Prometheus Operator's CRDs in the cluster") PodMonitorSettings podMonitor) {
}
