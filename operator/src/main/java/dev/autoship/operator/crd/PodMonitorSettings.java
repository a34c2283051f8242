package dev.autoship.operator.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

/** The PodMonitor made for the predictor pods. */
public record PodMonitorSettings(
        @Pattern("^([0-9]+(ms|s|m|h))+$") @JsonPropertyDescription("Scrape interval, e.g. 30s; default: Prometheus'")
        String interval,
        @Pattern("^([0-9]+(ms|s|m|h))+$") @JsonPropertyDescription("Scrape timeout, e.g. 10s; default: Prometheus'")
        String scrapeTimeout,
        @JsonPropertyDescription("Labels of the PodMonitor, e.g. what the Prometheus resource's podMonitorSelector "
                + "selects") Map<String, String> labels) {
}
