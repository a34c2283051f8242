package dev.autoship.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Grafana dashboard JSON file: its panels (rows unfolded) and every query it sends to the data source. */
record GrafanaDashboard(JsonNode json) {

    static GrafanaDashboard read(Path file) {
        try {
            return new GrafanaDashboard(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every panel, including those inside collapsed rows. */
    List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : json.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    /** Panel targets' PromQL and the template variables' queries, each named by where it is. */
    List<NamedQuery> queries() {
        List<NamedQuery> queries = new ArrayList<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new NamedQuery("panel '" + panel.path("title").asText() + "' target " + target.path("refId").asText(),
                        target.path("expr").asText()));
            }
        }
        for (JsonNode variable : json.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                queries.add(new NamedQuery("variable $" + variable.path("name").asText(),
                        query.isObject() ? query.path("query").asText() : query.asText()));
            }
        }
        return queries;
    }
}
