package dev.autoship.operator.dependent;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values from the spec in the form the API server stores them. Without SSA, JOSDK's matcher treats every value
 * the server wrote differently as drift and updates the dependent on each resync: quantities are canonicalized
 * ({@link CanonicalQuantity}), and empty strings of optional fields are dropped (Go's {@code omitempty}) while
 * fabric8 would send them. Never mutates the spec it is given (it comes from the informer cache).
 */
final class StoredForm {

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

    static List<Toleration> tolerations(List<Toleration> tolerations) {
        return tolerations == null ? null : tolerations.stream().map(t -> new TolerationBuilder(t)
                .withKey(orNull(t.getKey()))
                .withOperator(orNull(t.getOperator()))
                .withValue(orNull(t.getValue()))
                .withEffect(orNull(t.getEffect()))
                .build()).toList();
    }

    /** Go drops an empty optional string; fabric8 would send "". */
    static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static EnvVar envVar(EnvVar env) {
        EnvVarBuilder builder = new EnvVarBuilder(env).withValue(orNull(env.getValue()));
        if (env.getValueFrom() != null && env.getValueFrom().getResourceFieldRef() != null) {
            builder.editValueFrom().editResourceFieldRef()
                    .withDivisor(CanonicalQuantity.of(env.getValueFrom().getResourceFieldRef().getDivisor()))
                    .endResourceFieldRef().endValueFrom();
        }
        return builder.build();
    }

    private static Map<String, Quantity> quantities(Map<String, Quantity> quantities) {
        if (quantities == null) {
            return null;
        }
        Map<String, Quantity> canonical = new LinkedHashMap<>();
        quantities.forEach((name, quantity) -> canonical.put(name, CanonicalQuantity.of(quantity)));
        return canonical;
    }
}
