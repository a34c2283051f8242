package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.operator.crd.PredictorClusterSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Generated specs (all knobs, odd but valid values) through the real operator on the mock with the API server
 * stand-in: once a cluster exists, reconciling it again writes none of its objects.
 */
class GeneratedSpecsConvergeIT extends OperatorOnMockApiServer {

    private static final int CLUSTERS = 20;

    @Test
    void generatedClustersAreCreatedOnceAndTheirNextReconciliationWritesNoDependent() {
        String ns = namespace("generated");
        var json = new KubernetesSerialization();
        List<String> names = new ArrayList<>();
        for (long seed = 0; names.size() < CLUSTERS; seed++) {
            ObjectNode spec = GeneratedSpecs.spec(seed);
            if (SameMeaning.appliesTo(spec)) {
                String name = "generated-" + seed;
                create(ns, name, json.convertValue(spec, PredictorClusterSpec.class));
                names.add(name);
            }
        }
        names.forEach(name -> awaitObserved(ns, name));

        names.forEach(name -> reconcileUnchanged(ns, name));

        List<String> writes = operatorWrites(ns);
        assertThat(writes).as("updates of objects the operator made").noneMatch(write -> write.startsWith("PUT")
                || (write.startsWith("PATCH") && !write.endsWith("/status")));
        Map<String, Long> statusWrites = writes.stream().filter(write -> write.endsWith("/status"))
                .collect(Collectors.groupingBy(write -> write.split("/")[7], Collectors.counting()));
        assertThat(statusWrites).as("status writes per cluster: its first status, then the next generation")
                .isEqualTo(names.stream().collect(Collectors.toMap(Function.identity(), name -> 2L)));
    }
}
