package dev.autoship.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The label and annotation keys the operator set on a dependent's metadata, recorded on it, so that a key
 * removed from the spec (say a Service annotation) can be removed from the object while keys others added stay.
 */
final class OwnedMetadata {

    static final String LABELS = "autoship.dev/owned-labels";
    static final String ANNOTATIONS = "autoship.dev/owned-annotations";

    private OwnedMetadata() {
    }

    static void record(HasMetadata desired) {
        Map<String, String> annotations = desired.getMetadata().getAnnotations();
        String labels = String.join(",", new TreeSet<>(desired.getMetadata().getLabels().keySet()));
        Set<String> annotationKeys = new TreeSet<>(annotations.keySet());
        annotations.put(LABELS, labels);
        annotations.put(ANNOTATIONS, String.join(",", annotationKeys));
    }

    /** Removes from {@code actual} the keys recorded on it that {@code desired} no longer has. */
    static void dropStale(HasMetadata actual, HasMetadata desired) {
        Map<String, String> recorded = actual.getMetadata().getAnnotations();
        drop(recorded.get(LABELS), actual.getMetadata().getLabels(), desired.getMetadata().getLabels());
        drop(recorded.get(ANNOTATIONS), actual.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations());
    }

    private static void drop(String recordedKeys, Map<String, String> actual, Map<String, String> desired) {
        if (recordedKeys == null || recordedKeys.isEmpty()) {
            return;
        }
        for (String key : recordedKeys.split(",")) {
            if (!desired.containsKey(key)) {
                actual.remove(key);
            }
        }
    }
}
