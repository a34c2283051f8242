package dev.autoship.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What a real API server (Kubernetes 1.30+) does to the objects the operator makes before it stores them, which the
 * mock does not: applied to every create and update the mock serves, so every test meets stored objects as a
 * cluster holds them.
 * <ul>
 * <li>defaults (imagePullPolicy, probe thresholds, a Service's cluster IP, HPA behavior policies, ...); values the
 * server allocates are derived from the name, so an update keeps them;</li>
 * <li>every quantity in its canonical form ({@link ApiServerQuantity}, written apart from the operator's own), every
 * ResourceList rounded up to milli units first, as the ResourceList defaulting does; a value that is no quantity
 * is refused ({@link IllegalArgumentException}, a 422 from {@link MockApiServer});</li>
 * <li>Go's {@code omitempty}: an empty string in a field of an object is not stored (map entries are kept);</li>
 * <li>the HPA's {@code behavior.*.tolerance} dropped, as Kubernetes 1.33 and 1.34 do while the alpha feature gate
 * HPAConfigurableTolerance is off (its default).</li>
 * </ul>
 */
public final class ApiServerDefaults {

    /** Fields whose JSON objects are maps (labels, quantities by resource name, ...): their "" values stay. */
    private static final Set<String> MAP_FIELDS = Set.of("labels", "annotations", "matchLabels", "nodeSelector",
            "limits", "requests", "overhead", "volumeAttributes", "data", "binaryData");
    private static final int MILLI = -3;

    private ApiServerDefaults() {
    }

    /** Applies the defaults and canonical forms to {@code resource} in place. */
    public static void apply(ObjectNode resource) {
        switch (resource.path("kind").asText()) {
            case "Deployment" -> deployment(resource);
            case "Service" -> service(resource);
            case "NetworkPolicy" -> networkPolicy(resource);
            case "HorizontalPodAutoscaler" -> autoscaler(resource);
            case "PodDisruptionBudget" -> withoutEmptyStrings(object(resource, "spec"));
            default -> {
                // a ConfigMap's data is a map; custom resources are stored as written
            }
        }
    }

    private static void deployment(ObjectNode deployment) {
        ObjectNode spec = object(deployment, "spec");
        withoutEmptyStrings(spec);
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        ObjectNode pod = object(object(spec, "template"), "spec");
        putIfAbsent(pod, "restartPolicy", "Always");
        putIfAbsent(pod, "dnsPolicy", "ClusterFirst");
        putIfAbsent(pod, "schedulerName", "default-scheduler");
        putIfAbsent(pod, "terminationGracePeriodSeconds", 30);
        putIfAbsent(pod, "enableServiceLinks", true);
        object(pod, "securityContext");
        resourceList(pod, "overhead");
        if (pod.path("resources") instanceof ObjectNode podResources) {
            resourceList(podResources, "limits");
            resourceList(podResources, "requests");
        }
        each(pod.path("volumes"), volume -> {
            for (String source : new String[] {"configMap", "secret"}) {
                if (volume.path(source) instanceof ObjectNode s) {
                    putIfAbsent(s, "defaultMode", 420);
                }
            }
            if (volume.path("emptyDir") instanceof ObjectNode emptyDir) {
                quantity(emptyDir, "sizeLimit");
            }
            each(volume.path("downwardAPI").path("items"), ApiServerDefaults::divisor);
            each(volume.path("projected").path("sources"),
                    source -> each(source.path("downwardAPI").path("items"), ApiServerDefaults::divisor));
        });
        for (String containers : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            each(pod.path(containers), ApiServerDefaults::container);
        }
    }

    private static void container(ObjectNode container) {
        String image = container.path("image").asText();
        boolean latest = image.endsWith(":latest") || !image.substring(image.lastIndexOf('/') + 1).contains(":");
        putIfAbsent(container, "imagePullPolicy", latest ? "Always" : "IfNotPresent");
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        each(container.path("ports"), port -> putIfAbsent(port, "protocol", "TCP"));
        for (String probe : new String[] {"readinessProbe", "livenessProbe", "startupProbe"}) {
            if (container.path(probe) instanceof ObjectNode p) {
                putIfAbsent(p, "successThreshold", 1);
                putIfAbsent(p, "timeoutSeconds", 1);
                putIfAbsent(p, "periodSeconds", 10);
                putIfAbsent(p, "failureThreshold", 3);
                if (p.path("httpGet") instanceof ObjectNode get) {
                    putIfAbsent(get, "scheme", "HTTP");
                }
            }
        }
        if (container.path("resources") instanceof ObjectNode resources) {
            resourceList(resources, "limits");
            resourceList(resources, "requests");
        }
        each(container.path("env"), env -> {
            JsonNode from = env.path("valueFrom");
            if (from.path("fieldRef") instanceof ObjectNode ref) {
                putIfAbsent(ref, "apiVersion", "v1");
            }
            if (from instanceof ObjectNode valueFrom) {
                divisor(valueFrom);
            }
        });
    }

    /** A resourceFieldRef (in env or a downward API volume) gets divisor "0" and keeps it canonical. */
    private static void divisor(ObjectNode holder) {
        if (holder.path("resourceFieldRef") instanceof ObjectNode ref) {
            putIfAbsent(ref, "divisor", "0");
            quantity(ref, "divisor");
        }
    }

    private static void service(ObjectNode service) {
        ObjectNode spec = object(service, "spec");
        String type = spec.path("type").asText("ClusterIP");
        putIfAbsent(spec, "type", type);
        int name = Math.floorMod(service.path("metadata").path("name").asText().hashCode(), 250) + 1;
        String ip = "10.96.%d.%d".formatted(name, Math.floorMod(service.path("metadata").path("namespace").asText()
                .hashCode(), 250) + 1);
        putIfAbsent(spec, "clusterIP", ip);
        if (!spec.has("clusterIPs")) {
            spec.putArray("clusterIPs").add(spec.get("clusterIP").asText());
        }
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
        putIfAbsent(spec, "sessionAffinity", "None");
        putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        if (!"ClusterIP".equals(type)) {
            putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
        }
        int[] nodePort = {30000 + name};
        each(spec.path("ports"), port -> {
            putIfAbsent(port, "protocol", "TCP");
            if (!port.has("targetPort")) {
                port.set("targetPort", port.get("port"));
            }
            if (!"ClusterIP".equals(type)) {
                putIfAbsent(port, "nodePort", nodePort[0]++);
            }
        });
    }

    private static void networkPolicy(ObjectNode policy) {
        ObjectNode spec = object(policy, "spec");
        withoutEmptyStrings(spec);
        if (!spec.has("policyTypes")) {
            ArrayNode types = spec.putArray("policyTypes").add("Ingress");
            if (spec.has("egress")) {
                types.add("Egress");
            }
        }
        each(spec.path("ingress"), rule -> each(rule.path("ports"), port -> putIfAbsent(port, "protocol", "TCP")));
        each(spec.path("egress"), rule -> each(rule.path("ports"), port -> putIfAbsent(port, "protocol", "TCP")));
    }

    /** autoscaling/v2 fills in a behavior only where one is given (SetDefaults_HorizontalPodAutoscalerBehavior). */
    private static void autoscaler(ObjectNode autoscaler) {
        ObjectNode spec = object(autoscaler, "spec");
        withoutEmptyStrings(spec);
        putIfAbsent(spec, "minReplicas", 1);
        each(spec.path("metrics"), metric -> {
            for (String source : new String[] {"object", "pods", "external", "resource", "containerResource"}) {
                if (metric.path(source).path("target") instanceof ObjectNode target) {
                    quantity(target, "value");
                    quantity(target, "averageValue");
                }
            }
        });
        if (spec.path("behavior") instanceof ObjectNode behavior) {
            for (String rules : new String[] {"scaleUp", "scaleDown"}) {
                if (behavior.path(rules) instanceof ObjectNode given) {
                    given.remove("tolerance");
                }
            }
            ObjectNode up = object(behavior, "scaleUp");
            putIfAbsent(up, "stabilizationWindowSeconds", 0);
            putIfAbsent(up, "selectPolicy", "Max");
            if (!up.has("policies")) {
                ArrayNode policies = up.putArray("policies");
                policies.addObject().put("type", "Pods").put("value", 4).put("periodSeconds", 15);
                policies.addObject().put("type", "Percent").put("value", 100).put("periodSeconds", 15);
            }
            ObjectNode down = object(behavior, "scaleDown");
            putIfAbsent(down, "selectPolicy", "Max");
            if (!down.has("policies")) {
                down.putArray("policies").addObject().put("type", "Percent").put("value", 100).put("periodSeconds", 15);
            }
        }
    }

    /** Every value of a ResourceList rounded up to milli units, then written canonically. */
    private static void resourceList(ObjectNode parent, String field) {
        if (parent.path(field) instanceof ObjectNode list) {
            list.properties().forEach(entry -> list.put(entry.getKey(),
                    ApiServerQuantity.parse(entry.getValue().asText()).roundedUp(MILLI).canonical()));
        }
    }

    private static void quantity(ObjectNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value != null && !value.isNull()) {
            parent.put(field, ApiServerQuantity.parse(value.asText()).canonical());
        }
    }

    /** Go's encoder leaves out empty strings of struct fields marked omitempty, which is nearly all optional ones. */
    private static void withoutEmptyStrings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> empty = new ArrayList<>();
            object.properties().forEach(field -> {
                if (field.getValue().isTextual() && field.getValue().asText().isEmpty()) {
                    empty.add(field.getKey());
                } else if (!MAP_FIELDS.contains(field.getKey()) && !"metadata".equals(field.getKey())) {
                    withoutEmptyStrings(field.getValue());
                }
            });
            empty.forEach(object::remove);
        } else if (node instanceof ArrayNode array) {
            array.forEach(ApiServerDefaults::withoutEmptyStrings);
        }
    }

    /** The request body with the defaults applied; a body that is no JSON object is left as it is. */
    static byte[] apply(byte[] body, ObjectMapper mapper) {
        try {
            if (mapper.readTree(new String(body, StandardCharsets.UTF_8)) instanceof ObjectNode resource) {
                apply(resource);
                return mapper.writeValueAsBytes(resource);
            }
            return body;
        } catch (IOException e) {
            return body;
        }
    }

    private static ObjectNode object(ObjectNode parent, String field) {
        return parent.path(field) instanceof ObjectNode child ? child : parent.putObject(field);
    }

    private static void each(JsonNode array, Consumer<ObjectNode> action) {
        array.forEach(item -> {
            if (item instanceof ObjectNode object) {
                action.accept(object);
            }
        });
    }

    private static void putIfAbsent(ObjectNode node, String field, Object value) {
        if (node.hasNonNull(field)) {
            return;
        }
        switch (value) {
            case Integer i -> node.put(field, i);
            case Boolean b -> node.put(field, b);
            default -> node.put(field, value.toString());
        }
    }
}
