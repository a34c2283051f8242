package dev.autoship.operator.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Values from the spec in the form the API server stores them. Without SSA, the operator compares what it wants
 * with what the server stored, so any value the server writes differently would be a difference on every resync:
 * quantities are canonicalized ({@link CanonicalQuantity}; container resources rounded up to milli units first),
 * and empty strings of object fields are dropped (Go's {@code omitempty}) while fabric8 would send them. Never
 * mutates the spec it is given (it comes from the informer cache).
 */
final class StoredForm {

    /** JSON objects that are maps, not structs: an empty string there is a value and is kept. */
    private static final Set<String> MAP_FIELDS = Set.of("labels", "annotations", "matchLabels", "nodeSelector",
            "selector", "limits", "requests", "overhead", "volumeAttributes", "data", "binaryData");

    private StoredForm() {
    }

    static ResourceRequirements resources(ResourceRequirements resources) {
        return new ResourceRequirementsBuilder(resources)
                .withLimits(quantities(resources.getLimits()))
                .withRequests(quantities(resources.getRequests()))
                .build();
    }

    static List<EnvVar> env(List<EnvVar> env) {
        return env.stream().map(StoredForm::envVar).toList();
    }

    /** HPA metric targets: value and averageValue are quantities. */
    static List<MetricSpec> metrics(List<MetricSpec> metrics) {
        return metrics.stream().map(metric -> {
            MetricSpec copy = new MetricSpecBuilder(metric).build();
            Stream.of(copy.getObject() == null ? null : copy.getObject().getTarget(),
                    copy.getPods() == null ? null : copy.getPods().getTarget(),
                    copy.getExternal() == null ? null : copy.getExternal().getTarget(),
                    copy.getResource() == null ? null : copy.getResource().getTarget(),
                    copy.getContainerResource() == null ? null : copy.getContainerResource().getTarget())
                    .filter(Objects::nonNull)
                    .forEach(StoredForm::canonicalTarget);
            return copy;
        }).toList();
    }

    /**
     * {@code resource} without the empty strings of its struct fields, as a built-in API type is stored. Custom
     * resources are stored as written and are returned unchanged; metadata (maps of labels and annotations) too.
     */
    @SuppressWarnings("unchecked")
    static <R extends HasMetadata> R withoutEmptyStrings(R resource, KubernetesSerialization json) {
        if (resource instanceof CustomResource<?, ?>) {
            return resource;
        }
        ObjectNode node = json.convertValue(resource, ObjectNode.class);
        boolean changed = false;
        for (var field : List.copyOf(node.properties())) {
            if (!"metadata".equals(field.getKey()) && !MAP_FIELDS.contains(field.getKey())) {
                changed |= dropEmptyStrings(field.getValue());
            }
        }
        return changed ? (R) json.convertValue(node, resource.getClass()) : resource;
    }

    private static boolean dropEmptyStrings(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            List<String> empty = new ArrayList<>();
            for (var field : object.properties()) {
                if (field.getValue().isTextual() && field.getValue().asText().isEmpty()) {
                    empty.add(field.getKey());
                } else if (!MAP_FIELDS.contains(field.getKey()) && !"metadata".equals(field.getKey())) {
                    changed |= dropEmptyStrings(field.getValue());
                }
            }
            empty.forEach(object::remove);
            changed |= !empty.isEmpty();
        } else if (node instanceof ArrayNode array) {
            for (JsonNode item : array) {
                changed |= dropEmptyStrings(item);
            }
        }
        return changed;
    }

    private static void canonicalTarget(MetricTarget target) {
        target.setValue(CanonicalQuantity.of(target.getValue()));
        target.setAverageValue(CanonicalQuantity.of(target.getAverageValue()));
    }

    private static EnvVar envVar(EnvVar env) {
        if (env.getValueFrom() == null || env.getValueFrom().getResourceFieldRef() == null) {
            return env;
        }
        return new EnvVarBuilder(env).editValueFrom().editResourceFieldRef()
                .withDivisor(CanonicalQuantity.of(env.getValueFrom().getResourceFieldRef().getDivisor()))
                .endResourceFieldRef().endValueFrom().build();
    }

    private static Map<String, Quantity> quantities(Map<String, Quantity> quantities) {
        if (quantities == null) {
            return null;
        }
        Map<String, Quantity> canonical = new LinkedHashMap<>();
        quantities.forEach((name, quantity) -> canonical.put(name, CanonicalQuantity.resource(quantity)));
        return canonical;
    }
}
