package dev.autoship.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A set of predictor pods for one installation: the operator turns it into Deployment, Service and friends. */
@Group(PredictorCluster.GROUP)
@Version(PredictorCluster.VERSION)
@ShortNames("pcl")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.readyReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".status.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
        type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Image", jsonPath = ".status.image", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@ValidationRule(value = "size(self.metadata.name) <= " + PredictorCluster.MAX_NAME_LENGTH
        + " && self.metadata.name.matches('" + PredictorCluster.NAME_PATTERN + "')",
        message = PredictorCluster.NAME_RULE)
public class PredictorCluster extends CustomResource<PredictorClusterSpec, PredictorClusterStatus> implements Namespaced {

    public static final String GROUP = "autoship.dev";
    public static final String VERSION = "v1alpha1";
    /** The name is the Service's name (a DNS-1035 label) and a label value: both allow at most 63 characters. */
    public static final int MAX_NAME_LENGTH = 63;
    public static final String NAME_PATTERN = "^[a-z]([-a-z0-9]*[a-z0-9])?$";
    public static final String NAME_RULE = "metadata.name must be a DNS-1035 label of at most " + MAX_NAME_LENGTH
            + " characters (lowercase letters, digits and '-', starting with a letter and ending with a letter or"
            + " digit): it names the predictor's Service and is a label value";

    /** Spec as written, or an empty one: every field of the spec is optional. */
    public PredictorClusterSpec specOrEmpty() {
        return getSpec() == null ? PredictorClusterSpec.EMPTY : getSpec();
    }
}
