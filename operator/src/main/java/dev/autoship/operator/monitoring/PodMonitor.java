package dev.autoship.operator.monitoring;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Prometheus Operator's PodMonitor (monitoring.coreos.com/v1), the fields the operator sets. Its CRD belongs
 * to the Prometheus Operator; this type only reads and writes such objects.
 */
@Group("monitoring.coreos.com")
@Version("v1")
public class PodMonitor extends CustomResource<PodMonitorSpec, Void> implements Namespaced {
}
