package dev.autoship.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The PredictorCluster documents of examples/, as a user would apply them. */
public final class ExampleClusters {

    private ExampleClusters() {
    }

    public static List<JsonNode> all() throws IOException {
        Path dir = Path.of(System.getProperty("autoship.examples.dir", "../examples"));
        List<JsonNode> clusters = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = CrdSchema.YAML.createParser(file.toFile())) {
                    for (var it = CrdSchema.YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                        JsonNode doc = it.next();
                        if ("PredictorCluster".equals(doc.path("kind").asText())) {
                            clusters.add(doc);
                        }
                    }
                }
            }
        }
        return clusters;
    }
}
