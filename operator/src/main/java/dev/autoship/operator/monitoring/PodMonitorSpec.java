package dev.autoship.operator.monitoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;

/** spec of a PodMonitor: which pods, and how to scrape them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PodMonitorSpec(LabelSelector selector, List<PodMetricsEndpoint> podMetricsEndpoints) {

    /** One scrape endpoint: the pod port's name and the path. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PodMetricsEndpoint(String port, String path, String interval, String scrapeTimeout) {
    }
}
