package dev.autoship.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The defaults a real API server (Kubernetes 1.30+) writes into the objects the operator makes, which the mock does
 * not: applied to every create and update the mock serves, so every test meets stored objects as a cluster holds
 * them. Values the server allocates (a Service's cluster IP) are derived from the name, so an update keeps them.
 */
final class ApiServerDefaults {

    private ApiServerDefaults() {
    }

    static void apply(ObjectNode resource) {
        switch (resource.path("kind").asText()) {
            case "Deployment" -> deployment(resource);
            case "Service" -> service(resource);
            case "NetworkPolicy" -> networkPolicy(resource);
            case "HorizontalPodAutoscaler" -> autoscaler(resource);
            default -> {
                // ConfigMaps and PodDisruptionBudgets get no defaults
            }
        }
    }

    private static void deployment(ObjectNode deployment) {
        ObjectNode spec = object(deployment, "spec");
        putIfAbsent(spec, "revisionHistoryLimit", 10);
        putIfAbsent(spec, "progressDeadlineSeconds", 600);
        ObjectNode pod = object(object(spec, "template"), "spec");
        putIfAbsent(pod, "restartPolicy", "Always");
        putIfAbsent(pod, "dnsPolicy", "ClusterFirst");
        putIfAbsent(pod, "schedulerName", "default-scheduler");
        putIfAbsent(pod, "terminationGracePeriodSeconds", 30);
        putIfAbsent(pod, "enableServiceLinks", true);
        object(pod, "securityContext");
        each(pod.path("volumes"), volume -> {
            for (String source : new String[] {"configMap", "secret"}) {
                if (volume.path(source) instanceof ObjectNode s) {
                    putIfAbsent(s, "defaultMode", 420);
                }
            }
        });
        each(pod.path("containers"), container -> {
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
            each(container.path("env"), env -> {
                JsonNode from = env.path("valueFrom");
                if (from.path("fieldRef") instanceof ObjectNode ref) {
                    putIfAbsent(ref, "apiVersion", "v1");
                }
                if (from.path("resourceFieldRef") instanceof ObjectNode ref) {
                    putIfAbsent(ref, "divisor", "0");
                }
            });
        });
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
        putIfAbsent(spec, "minReplicas", 1);
        if (spec.path("behavior") instanceof ObjectNode behavior) {
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
