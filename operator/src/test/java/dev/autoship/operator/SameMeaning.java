package dev.autoship.operator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Spec edits that change the resource (a new generation) but nothing the operator makes: a default stated where it
 * was left out, or a stated default left out. Tests use one to make the operator reconcile a resource once more.
 */
final class SameMeaning {

    private SameMeaning() {
    }

    /** Whether {@link #toggle} finds an edit for {@code spec}. */
    static boolean appliesTo(ObjectNode spec) {
        try {
            toggle(spec.deepCopy());
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Applies the first such edit that {@code spec} allows; IllegalStateException when none does. */
    static void toggle(ObjectNode spec) {
        if (toggle(spec, "disruptionBudget", "enabled", true)
                || toggle(spec, null, "automountServiceAccountToken", false)
                || toggle(spec, "service", "type", "ClusterIP")
                || toggle(spec, "rollout", "maxUnavailable", 0)) {
            return;
        }
        throw new IllegalStateException("every default this helper can toggle is set otherwise in " + spec);
    }

    /** Sets {@code field} of {@code object} (the spec when null) to its default, or removes it if it holds it. */
    private static boolean toggle(ObjectNode spec, String object, String field, Object defaultValue) {
        ObjectNode parent = object == null ? spec
                : spec.path(object) instanceof ObjectNode existing ? existing : null;
        if (parent == null) {
            parent = spec.putObject(object);
        }
        if (!parent.has(field)) {
            switch (defaultValue) {
                case Boolean b -> parent.put(field, b);
                case Integer i -> parent.put(field, i);
                default -> parent.put(field, defaultValue.toString());
            }
            return true;
        }
        if (parent.get(field).asText().equals(defaultValue.toString())) {
            parent.remove(field);
            return true;
        }
        return false;
    }
}
