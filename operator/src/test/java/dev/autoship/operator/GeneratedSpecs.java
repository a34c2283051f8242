package dev.autoship.operator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/**
 * Valid PredictorCluster specs made up from a seed, for property-style tests: every knob of the spec, each present
 * or not, with values that are valid but odd — quantities in every spelling Kubernetes accepts, empty optional
 * strings, percentages with leading zeros, empty maps — the values whose stored form differs from the written one.
 * The same seed gives the same spec.
 */
public final class GeneratedSpecs {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> CPU = List.of("0.5", "500m", "1", "1.0005", "100u", "0.0001", "2000m", ".25",
            "+1", "1e0", "250m", "0.1e1");
    private static final List<String> MEMORY = List.of("1024Mi", "1.5Gi", "512Mi", "1e9", "1000M", "0.5Gi",
            "1073741824", "+1Gi", "2048Ki", "786432Ki", "0.75Gi");
    private static final List<String> LARGE = List.of("1000", "0.5", "1024Mi", "1k", "50", "2.5", "100m", "1e3",
            "0.001k", "1500m", "12Ki", "1.1");
    private static final List<String> DURATIONS = List.of("PT1S", "PT0.5S", "PT30S", "PT1M", "PT1H30M", "P1D",
            "PT2.25S", "P2DT3H");
    private static final List<String> METRIC_SOURCES = List.of("Pods", "Object", "External", "Resource",
            "ContainerResource");

    private final Random random;

    private GeneratedSpecs(long seed) {
        random = new Random(seed);
    }

    /** The spec made from {@code seed}. */
    public static ObjectNode spec(long seed) {
        return new GeneratedSpecs(seed).spec();
    }

    private ObjectNode spec() {
        ObjectNode spec = JSON.objectNode();
        maybe(() -> spec.put("image", pick(List.of("registry.example/predictor:1.2.3",
                "registry.example:5000/team/predictor@sha256:" + "ab".repeat(32), "predictor"))));
        boolean autoscaled = random.nextBoolean();
        boolean cpuRequested = random.nextInt(4) > 0;
        if (autoscaled) {
            spec.set("autoscaling", autoscaling(cpuRequested));
        } else {
            maybe(() -> spec.put("replicas", random.nextInt(5)));
        }
        if (cpuRequested || random.nextBoolean()) {
            spec.set("resources", resources(cpuRequested));
        }
        boolean redis = random.nextBoolean();
        boolean elasticsearch = random.nextBoolean();
        if (redis) {
            spec.set("redis", redis());
        }
        if (elasticsearch) {
            spec.set("elasticsearch", elasticsearch());
        }
        maybe(() -> spec.set("model", model()));
        maybe(() -> spec.set("api", api()));
        maybe(() -> spec.set("service", service()));
        maybe(() -> spec.set("rollout", rollout()));
        maybe(() -> spec.set("disruptionBudget", disruptionBudget()));
        maybe(() -> spec.set("scheduling", scheduling()));
        maybe(() -> spec.set("networkPolicy", networkPolicy()));
        maybe(() -> spec.put("logFormat", pick(List.of("text", "json"))));
        maybe(() -> spec.set("extraEnv", extraEnv()));
        maybe(() -> spec.set("podAnnotations", map("mesh.example/inject", "example.com/empty", "team")));
        maybe(() -> spec.set("podLabels", map("team", "tier", "example.com/flag")));
        maybe(() -> spec.set("imagePullSecrets", JSON.arrayNode().add(JSON.objectNode().put("name", "registry"))));
        maybe(() -> spec.put("serviceAccountName", pick(List.of("", "predictor"))));
        maybe(() -> spec.put("automountServiceAccountToken", random.nextBoolean()));
        maybe(() -> spec.set("tls", JSON.objectNode().set("caBundle", JSON.objectNode().set(
                pick(List.of("configMap", "secret")), JSON.objectNode().put("name", "ca").put("key", "ca.crt")))));
        maybe(() -> spec.set("monitoring", JSON.objectNode().set("podMonitor", podMonitor())));
        maybe(() -> spec.set("quality", quality()));
        maybe(() -> spec.set("predictionLog", predictionLog(elasticsearch)));
        return spec;
    }

    private ObjectNode autoscaling(boolean cpuRequested) {
        int min = 1 + random.nextInt(3);
        ObjectNode autoscaling = JSON.objectNode().put("minReplicas", min).put("maxReplicas", min + random.nextInt(4));
        if (random.nextBoolean()) {
            ArrayNode metrics = autoscaling.putArray("metrics");
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                metrics.add(metric(pick(METRIC_SOURCES), cpuRequested));
            }
        } else if (cpuRequested) {
            maybe(() -> autoscaling.put("targetCPUUtilizationPercentage", 1 + random.nextInt(100)));
        } else {
            autoscaling.putArray("metrics").add(metric("Pods", false));
        }
        maybe(() -> {
            ObjectNode behavior = autoscaling.putObject("behavior");
            for (String direction : List.of("scaleUp", "scaleDown")) {
                maybe(() -> {
                    ObjectNode rules = behavior.putObject(direction);
                    maybe(() -> rules.put("stabilizationWindowSeconds", random.nextInt(600)));
                    maybe(() -> rules.put("selectPolicy", pick(List.of("Max", "Min", "Disabled"))));
                    maybe(() -> rules.putArray("policies").addObject().put("type", pick(List.of("Pods", "Percent")))
                            .put("value", 1 + random.nextInt(100)).put("periodSeconds", 1 + random.nextInt(1800)));
                });
            }
        });
        return autoscaling;
    }

    private ObjectNode metric(String source, boolean cpuRequested) {
        String field = Character.toLowerCase(source.charAt(0)) + source.substring(1);
        ObjectNode metric = JSON.objectNode().put("type", source);
        ObjectNode body = metric.putObject(field);
        ObjectNode target = JSON.objectNode();
        switch (source) {
            case "Resource", "ContainerResource" -> {
                body.put("name", cpuRequested ? pick(List.of("cpu", "memory")) : "memory");
                if (source.equals("ContainerResource")) {
                    body.put("container", "predictor");
                }
                if (random.nextBoolean()) {
                    target.put("type", "Utilization").put("averageUtilization", 1 + random.nextInt(100));
                } else {
                    target.put("type", "AverageValue").put("averageValue", pick(LARGE));
                }
            }
            case "Object" -> {
                body.putObject("metric").put("name", "queue_length");
                body.putObject("describedObject").put("apiVersion", pick(List.of("", "v1"))).put("kind", "Service")
                        .put("name", "queue");
                if (random.nextBoolean()) {
                    target.put("type", "Value").put("value", pick(LARGE));
                } else {
                    target.put("type", "AverageValue").put("averageValue", pick(LARGE));
                }
            }
            default -> {
                ObjectNode identifier = body.putObject("metric").put("name", "autoship_requests_per_second");
                maybe(() -> identifier.putObject("selector").set("matchLabels", map("queue", "zone")));
                if (source.equals("External") && random.nextBoolean()) {
                    target.put("type", "Value").put("value", pick(LARGE));
                } else {
                    target.put("type", "AverageValue").put("averageValue", pick(LARGE));
                }
            }
        }
        body.set("target", target);
        return metric;
    }

    /** Requests never above limits: a limit is the request in another spelling, or plainly more. */
    private ObjectNode resources(boolean cpuRequested) {
        ObjectNode resources = JSON.objectNode();
        ObjectNode requests = resources.putObject("requests");
        ObjectNode limits = resources.putObject("limits");
        if (cpuRequested) {
            requests.put("cpu", pick(CPU));
            maybe(() -> limits.put("cpu", pick(List.of("4", "4000m", "8"))));
        }
        maybe(() -> requests.put("memory", pick(MEMORY)));
        maybe(() -> limits.put("memory", pick(List.of("4Gi", "4096Mi", "5e9", "4.5Gi"))));
        maybe(() -> requests.put("ephemeral-storage", pick(List.of("100u", "1Gi", "0.5Gi", "1e9"))));
        return resources;
    }

    /** One of the three modes: a URL, sentinels or cluster nodes (with TLS and a database where they apply). */
    private ObjectNode redis() {
        ObjectNode redis = JSON.objectNode();
        switch (random.nextInt(3)) {
            case 0 -> redis.put("url", pick(List.of("redis://redis:6379/0", "rediss://redis.cache",
                    "redis://cache.example:7000/2")));
            case 1 -> {
                ObjectNode sentinels = redis.putObject("sentinels").put("masterName", "mymaster");
                sentinels.putArray("addresses").add("sentinel-0.cache:26379").add("[fd00::1]:26380");
                maybe(() -> sentinels.set("passwordSecret", JSON.objectNode().put("name", "sentinels")
                        .put("key", "password")));
                maybe(() -> redis.put("database", random.nextInt(16)));
                maybe(() -> redis.put("tls", random.nextBoolean()));
            }
            default -> {
                redis.putArray("clusterNodes").add("redis-0.cache:6379").add("10.0.0.7:7001");
                maybe(() -> redis.put("database", 0));
                maybe(() -> redis.put("tls", random.nextBoolean()));
            }
        }
        maybe(() -> redis.put("username", pick(List.of("", "autoship"))));
        maybe(() -> redis.set("passwordSecret", JSON.objectNode().put("name", "redis").put("key", "password")));
        maybe(() -> redis.put("keyPrefix", pick(List.of("autoship", "prod:eu-1", "a.b_c-d"))));
        maybe(() -> redis.put("timeout", pick(DURATIONS)));
        return redis;
    }

    private ObjectNode elasticsearch() {
        ObjectNode es = JSON.objectNode().put("url", pick(List.of("http://es:9200", "https://es.search",
                "https://es.example:9243/")));
        maybe(() -> es.put("index", pick(List.of("", "shipments", "shipments-*"))));
        maybe(() -> es.put("username", pick(List.of("", "shop"))));
        maybe(() -> es.set("passwordSecret", JSON.objectNode().put("name", "es").put("key", "password")));
        maybe(() -> es.set("apiKeySecret", JSON.objectNode().put("name", "es").put("key", "api-key")));
        maybe(() -> es.put("timeout", pick(DURATIONS)));
        return es;
    }

    private ObjectNode model() {
        ObjectNode model = JSON.objectNode();
        maybe(() -> model.put("cacheTtl", pick(DURATIONS)));
        maybe(() -> model.put("cacheMaxModels", 1 + random.nextInt(5000)));
        maybe(() -> model.put("historyWindow", pick(List.of("P90D", "P1D", "PT12H"))));
        int min = 1 + random.nextInt(50);
        maybe(() -> model.put("minExamples", min));
        maybe(() -> model.put("maxExamples", min + random.nextInt(5000)));
        maybe(() -> model.put("maxConcurrentTrainings", 1 + random.nextInt(8)));
        maybe(() -> {
            ObjectNode refresh = model.putObject("refresh");
            maybe(() -> refresh.put("atPercentOfLife", 1 + random.nextInt(100)));
            maybe(() -> refresh.put("ttlJitterPercent", random.nextInt(51)));
        });
        maybe(() -> {
            ObjectNode warmStart = model.putObject("warmStart");
            maybe(() -> warmStart.put("models", random.nextInt(500)));
            maybe(() -> warmStart.put("timeout", pick(DURATIONS)));
        });
        maybe(() -> {
            ObjectNode insufficient = model.putObject("insufficientHistory");
            maybe(() -> insufficient.put("rememberFor", pick(List.of("PT0S", "PT1M", "PT0.5S"))));
            maybe(() -> insufficient.put("maxCustomers", 1 + random.nextInt(10000)));
        });
        return model;
    }

    private ObjectNode api() {
        ObjectNode api = JSON.objectNode();
        maybe(() -> api.put("maxRequestBytes", 1 + random.nextInt(5_000_000)));
        maybe(() -> api.put("maxBatchOrders", 1 + random.nextInt(2000)));
        maybe(() -> {
            ObjectNode connections = api.putObject("connections");
            maybe(() -> connections.put("requestTimeout", pick(DURATIONS)));
            maybe(() -> connections.put("idleTimeout", pick(DURATIONS)));
            maybe(() -> connections.put("max", 1 + random.nextInt(5000)));
        });
        return api;
    }

    private ObjectNode service() {
        ObjectNode service = JSON.objectNode();
        maybe(() -> service.put("type", pick(List.of("ClusterIP", "NodePort", "LoadBalancer"))));
        maybe(() -> service.put("port", pick(List.of(80, 8080, 443, 65535, 1))));
        maybe(() -> service.set("annotations", map("lb.example/internal", "example.com/empty")));
        maybe(() -> service.set("labels", map("team", "monitoring")));
        return service;
    }

    private ObjectNode rollout() {
        ObjectNode rollout = JSON.objectNode();
        boolean surgeMayBeZero = random.nextBoolean();
        maybe(() -> putAmount(rollout, "maxSurge", surgeMayBeZero ? List.of(0, 1, 3, "0%", "05%", "25%", "200%")
                : List.of(1, 2, "05%", "25%", "150%")));
        if (surgeMayBeZero) {
            putAmount(rollout, "maxUnavailable", List.of(1, 2, "0100%", "10%", "1%"));
        } else {
            maybe(() -> putAmount(rollout, "maxUnavailable", List.of(0, 1, "0%", "000%", "50%", "100%")));
        }
        maybe(() -> rollout.put("shutdownGrace", pick(DURATIONS)));
        return rollout;
    }

    private ObjectNode disruptionBudget() {
        ObjectNode budget = JSON.objectNode();
        maybe(() -> budget.put("enabled", random.nextBoolean()));
        maybe(() -> putAmount(budget, "maxUnavailable", List.of(0, 1, 2, "0%", "010%", "100%")));
        return budget;
    }

    private ObjectNode scheduling() {
        ObjectNode scheduling = JSON.objectNode();
        maybe(() -> scheduling.set("nodeSelector", map("pool", "example.com/disk")));
        maybe(() -> {
            ArrayNode tolerations = scheduling.putArray("tolerations");
            tolerations.addObject().put("key", pick(List.of("", "dedicated"))).put("operator", "Exists")
                    .put("effect", pick(List.of("", "NoSchedule")));
            maybe(() -> tolerations.addObject().put("key", "spot").put("operator", "Equal").put("value", "")
                    .put("effect", "NoExecute").put("tolerationSeconds", random.nextInt(3600)));
        });
        maybe(() -> scheduling.set("affinity", affinity()));
        maybe(() -> scheduling.put("priorityClassName", pick(List.of("", "high"))));
        return scheduling;
    }

    private ObjectNode affinity() {
        ObjectNode affinity = JSON.objectNode();
        maybe(() -> affinity.putObject("nodeAffinity").putObject("requiredDuringSchedulingIgnoredDuringExecution")
                .putArray("nodeSelectorTerms").addObject().putArray("matchExpressions").addObject()
                .put("key", "zone").put("operator", "In").set("values", JSON.arrayNode().add("a").add("")));
        maybe(() -> {
            ObjectNode term = affinity.putObject("podAntiAffinity")
                    .putArray("preferredDuringSchedulingIgnoredDuringExecution").addObject()
                    .put("weight", 1 + random.nextInt(100)).putObject("podAffinityTerm")
                    .put("topologyKey", "kubernetes.io/hostname");
            term.putObject("labelSelector").set("matchLabels", map("app", "tier"));
            maybe(() -> term.putObject("namespaceSelector"));
            maybe(() -> term.putArray("namespaces").add("shop"));
        });
        return affinity;
    }

    private ObjectNode networkPolicy() {
        ObjectNode policy = JSON.objectNode();
        policy.set("clients", peers(1 + random.nextInt(3)));
        maybe(() -> policy.set("monitoring", peers(1)));
        maybe(() -> policy.set("adminClients", peers(1 + random.nextInt(2))));
        for (String backend : List.of("elasticsearch", "redis")) {
            maybe(() -> {
                ObjectNode egress = policy.putObject(backend);
                maybe(() -> egress.set("to", peers(1 + random.nextInt(2))));
                maybe(() -> egress.putArray("ports").add(1 + random.nextInt(65535)).add(9300));
            });
        }
        return policy;
    }

    private ArrayNode peers(int count) {
        ArrayNode peers = JSON.arrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode peer = peers.addObject();
            switch (random.nextInt(4)) {
                case 0 -> peer.putObject("podSelector");
                case 1 -> peer.putObject("podSelector").set("matchLabels", map("app", "role"));
                case 2 -> peer.putObject("namespaceSelector").putObject("matchLabels")
                        .put("kubernetes.io/metadata.name", "shop");
                default -> {
                    ObjectNode block = peer.putObject("ipBlock").put("cidr", "10.0.0.0/8");
                    maybe(() -> block.putArray("except").add("10.1.0.0/16"));
                }
            }
        }
        return peers;
    }

    private ArrayNode extraEnv() {
        ArrayNode env = JSON.arrayNode();
        env.addObject().put("name", "FEATURE_FLAGS").put("value", pick(List.of("", "a,b")));
        maybe(() -> env.addObject().put("name", "POD_NAME").putObject("valueFrom").putObject("fieldRef")
                .put("fieldPath", "metadata.name"));
        maybe(() -> {
            ObjectNode ref = env.addObject().put("name", "MEMORY_LIMIT").putObject("valueFrom")
                    .putObject("resourceFieldRef").put("resource", "limits.memory");
            maybe(() -> ref.put("divisor", pick(List.of("1Mi", "1024Ki", "0.001", "1m", "1", "1e3"))));
        });
        maybe(() -> env.addObject().put("name", "SHARED").putObject("valueFrom").putObject("configMapKeyRef")
                .put("name", "shared").put("key", "value").put("optional", random.nextBoolean()));
        return env;
    }

    private ObjectNode quality() {
        ObjectNode quality = JSON.objectNode();
        maybe(() -> quality.put("autoShipPrecision", pick(List.of(0.5, 0.95, 0.975, 1.0))));
        maybe(() -> quality.put("outcomeCheckInterval", pick(DURATIONS)));
        maybe(() -> {
            ObjectNode drift = quality.putObject("drift");
            maybe(() -> drift.put("minOutcomes", 1 + random.nextInt(100)));
            maybe(() -> drift.put("tolerance", pick(List.of(0.0, 0.05, 0.1, 1.0))));
        });
        return quality;
    }

    /** Enabled only with an Elasticsearch to write to. */
    private ObjectNode predictionLog(boolean elasticsearch) {
        ObjectNode log = JSON.objectNode();
        maybe(() -> log.put("enabled", elasticsearch && random.nextBoolean()));
        maybe(() -> log.put("index", pick(List.of("autoship-predictions", "shop.predictions_1", "p"))));
        maybe(() -> log.put("retention", pick(List.of("P1D", "P30D", "PT24H", "P2DT1H"))));
        return log;
    }

    private ObjectNode podMonitor() {
        ObjectNode monitor = JSON.objectNode();
        maybe(() -> monitor.put("interval", pick(List.of("30s", "1m", "1m30s"))));
        maybe(() -> monitor.put("scrapeTimeout", pick(List.of("10s", "500ms"))));
        maybe(() -> monitor.set("labels", map("release", "example.com/empty")));
        return monitor;
    }

    /** A map of one to all of {@code keys}, some values empty (valid for labels and annotations). */
    private ObjectNode map(String... keys) {
        ObjectNode map = JSON.objectNode();
        map.put(keys[0], pick(List.of("", "a", "value-1")));
        for (int i = 1; i < keys.length; i++) {
            String key = keys[i];
            maybe(() -> map.put(key, pick(List.of("", "b", "x.y_z"))));
        }
        return map;
    }

    private void putAmount(ObjectNode node, String field, List<Object> choices) {
        Object amount = pick(choices);
        if (amount instanceof Integer count) {
            node.put(field, count);
        } else {
            node.put(field, amount.toString());
        }
    }

    private void maybe(Runnable part) {
        if (random.nextBoolean()) {
            part.run();
        }
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
