package dev.autoship.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an API server would check about a PredictorCluster, using the generated CRD: the OpenAPI v3 schema
 * (JSON-Schema draft 4 validation by networknt), unknown fields (which the API server would silently prune),
 * and the x-kubernetes-validations CEL rules evaluated by cel-java.
 */
public final class CrdSchema {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final JsonNode openApiSchema;
    private final Schema schema;
    private final Cel cel = CelFactory.standardCelBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .build();
    /** Compiled once per rule: the property tests evaluate every rule hundreds of times. */
    private final Map<String, CelRuntime.Program> programs = new HashMap<>();

    CrdSchema(Path crdFile) throws IOException {
        JsonNode crd = YAML.readTree(crdFile.toFile());
        openApiSchema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
        if (openApiSchema.isMissingNode()) {
            throw new IllegalStateException("no openAPIV3Schema in " + crdFile);
        }
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(openApiSchema);
    }

    public static CrdSchema generated() throws IOException {
        return new CrdSchema(Path.of(System.getProperty("autoship.crd.generated",
                "target/classes/META-INF/fabric8/predictorclusters.autoship.dev-v1.yml")));
    }

    /** Every reason the API server would refuse (or silently alter) this resource; empty when it is fine. */
    public List<String> problems(JsonNode resource) {
        List<String> problems = new ArrayList<>();
        schema.validate(resource).forEach(error -> problems.add(error.toString()));
        walk(openApiSchema, resource, "", problems);
        return problems;
    }

    private void walk(JsonNode schemaNode, JsonNode value, String path, List<String> problems) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return;
        }
        for (JsonNode rule : schemaNode.path("x-kubernetes-validations")) {
            evaluate(rule, value, path, problems);
        }
        if (schemaNode.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (value.isObject()) {
            JsonNode properties = schemaNode.path("properties");
            JsonNode additional = schemaNode.path("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                var field = it.next();
                String fieldPath = path + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    walk(properties.get(field.getKey()), field.getValue(), fieldPath, problems);
                } else if (additional.isObject()) {
                    walk(additional, field.getValue(), fieldPath, problems);
                } else if (!path.isEmpty() || !List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
                    problems.add(fieldPath + ": unknown field (the API server would drop it)");
                }
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                walk(schemaNode.path("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private void evaluate(JsonNode rule, JsonNode value, String path, List<String> problems) {
        String expression = rule.path("rule").asText();
        try {
            CelRuntime.Program program = programs.get(expression);
            if (program == null) {
                program = cel.createProgram(cel.compile(expression).getAst());
                programs.put(expression, program);
            }
            Object result = program.eval(Map.of("self", toCel(value)));
            if (!Boolean.TRUE.equals(result)) {
                problems.add(path + ": " + rule.path("message").asText(expression));
            }
        } catch (CelValidationException | CelEvaluationException e) {
            problems.add(path + ": CEL rule '" + expression + "' cannot be evaluated: " + e.getMessage());
        }
    }

    /** JSON as CEL sees it: integers are int64, objects are maps. */
    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}
