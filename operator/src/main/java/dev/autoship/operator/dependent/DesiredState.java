package dev.autoship.operator.dependent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the operator tells that a dependent no longer matches the spec, with server-side apply off.
 *
 * <p>JOSDK's matcher then only sees values the desired object has and the stored one lacks or holds differently:
 * a value removed from the spec, or added by hand, never counts. This matcher does the same (stored objects carry
 * the API server's defaults), and two additions close that gap:
 * <ul>
 * <li>a SHA-256 of the desired object, recorded in the {@value #ANNOTATION} annotation: any change of the spec
 * that changes the desired object, removals included, changes the annotation, which the matcher sees as a changed
 * value, so the dependent is replaced by the desired one;</li>
 * <li>owned paths: parts of the object the operator owns whole (ConfigMap data, env, selectors, scheduling,
 * NetworkPolicy rules, ...) are compared for equality, so a value added there by hand is reverted too.
 * Only paths where an API server adds no defaults are owned, so a resync of an unchanged object writes nothing.</li>
 * </ul>
 */
public final class DesiredState {

    public static final String ANNOTATION = "autoship.dev/desired-state";
    /**
     * Only add, remove and replace: JOSDK 5.2's own matcher takes zjsonpatch's default "copy" operations for
     * differences, so a default that equals another value of the object (revisionHistoryLimit 10 beside a probe's
     * periodSeconds 10) would make every resync write.
     */
    private static final EnumSet<DiffFlags> DIFF_FLAGS =
            EnumSet.of(DiffFlags.OMIT_COPY_OPERATION, DiffFlags.OMIT_MOVE_OPERATION);
    /**
     * Defaults inside owned paths: port protocols, fieldRef's apiVersion, resourceFieldRef's divisor. Removed only
     * where the field holds exactly this text.
     */
    private static final Map<String, String> SERVER_DEFAULTS = Map.of(
            "protocol", "TCP", "apiVersion", "v1", "divisor", "0");

    private DesiredState() {
    }

    /** Records the hash of {@code desired} (without {@code excluded} paths) on it. */
    static <R extends HasMetadata> R stamp(R desired, KubernetesSerialization json, List<String> excluded) {
        ObjectNode node = json.convertValue(desired, ObjectNode.class);
        for (String pointer : excluded) {
            remove(node, pointer);
        }
        desired.getMetadata().getAnnotations().put(ANNOTATION, hash(node));
        return desired;
    }

    /** The hash recorded on a desired object by {@link #stamp}. */
    static String hashOf(HasMetadata desired) {
        return desired.getMetadata().getAnnotations().get(ANNOTATION);
    }

    /**
     * True when {@code actual} holds every value of {@code desired} (the hash annotation included) and every owned
     * path holds the same value in both (absent, null and empty are alike). Outside owned paths, values only the
     * stored object has are the API server's defaults and are ignored.
     */
    static boolean matches(HasMetadata desired, HasMetadata actual, KubernetesSerialization json,
            List<String> ownedPaths) {
        return difference(desired, actual, json, ownedPaths).isEmpty();
    }

    /**
     * The JSON pointer of the first value that makes {@code actual} not match {@code desired} (see
     * {@link #matches}), or empty when it matches.
     */
    static Optional<String> difference(HasMetadata desired, HasMetadata actual, KubernetesSerialization json,
            List<String> ownedPaths) {
        JsonNode wanted = json.convertValue(desired, JsonNode.class);
        JsonNode stored = json.convertValue(actual, JsonNode.class);
        for (JsonNode op : JsonDiff.asJson(wanted, stored, DIFF_FLAGS)) {
            String path = op.path("path").asText();
            // "/metadata/labels" alone: every label removed at once is one operation on the whole map
            boolean considered = path.startsWith("/metadata/labels") || path.startsWith("/metadata/annotations")
                    || !(path.startsWith("/metadata") || path.startsWith("/status") || path.startsWith("/apiVersion")
                    || path.startsWith("/kind"));
            if (considered && !"add".equals(op.path("op").asText())) {
                return Optional.of(path);
            }
        }
        for (String owned : ownedPaths) {
            JsonNode wantedPart = normalized(wanted.at(owned));
            JsonNode storedPart = normalized(stored.at(owned));
            if (!wantedPart.equals(storedPart)) {
                if (wantedPart.isMissingNode() || storedPart.isMissingNode()) {
                    return Optional.of(owned);
                }
                JsonNode first = JsonDiff.asJson(wantedPart, storedPart, DIFF_FLAGS).path(0);
                return Optional.of(owned + first.path("path").asText(""));
            }
        }
        return Optional.empty();
    }

    private static JsonNode normalized(JsonNode node) {
        boolean absent = node.isMissingNode() || node.isNull() || (node.isContainerNode() && node.isEmpty());
        return absent ? JsonNodeFactory.instance.missingNode() : withoutDefaults(node.deepCopy());
    }

    /**
     * Drops the values an API server fills in when they are left out, wherever they appear, from both sides:
     * whether the server wrote them or the spec stated them, they mean the same.
     */
    private static JsonNode withoutDefaults(JsonNode node) {
        if (node instanceof ObjectNode object) {
            SERVER_DEFAULTS.forEach((field, value) -> {
                if (value.equals(object.path(field).asText(null))) {
                    object.remove(field);
                }
            });
            object.forEach(DesiredState::withoutDefaults);
        } else if (node instanceof ArrayNode array) {
            array.forEach(DesiredState::withoutDefaults);
        }
        return node;
    }

    private static void remove(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        if (parent instanceof ObjectNode object) {
            object.remove(pointer.substring(slash + 1));
        }
    }

    private static String hash(JsonNode node) {
        return Sha256.hex(sorted(node).toString(), 16);
    }

    /** Map order in the spec carries no meaning: reordering keys must not look like a change. */
    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(name -> copy.set(name, sorted(object.get(name))));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return node;
    }
}
