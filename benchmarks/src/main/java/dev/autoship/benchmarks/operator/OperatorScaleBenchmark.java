package dev.autoship.benchmarks.operator;

import dev.autoship.testing.FreePort;
import dev.autoship.benchmarks.load.PredictorClient;
import dev.autoship.testing.ChildJvm;
import dev.autoship.benchmarks.process.Component;
import dev.autoship.benchmarks.process.ProcessMemory;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The real operator (OperatorMain in its own JVM, configured only by environment as Helm configures
 * it, leader election off) against kubernetes-server-mock in CRUD mode: N PredictorClusters (the
 * minimal example) created at once, time until every one has its dependents and a status for its
 * generation; the operator's live heap and RSS then; and the API requests of a resync of the
 * unchanged resources (a restarted operator reconciling all of them) — writes must be 0.
 * Options: clusters=100,500 repeats=1 operatorJvm="-Xmx256m" timeout=600.
 */
public final class OperatorScaleBenchmark {
    private static final String NAMESPACE = "bench";
    private static final List<Class<? extends HasMetadata>> DEPENDENTS =
            List.of(ConfigMap.class, Deployment.class, Service.class, PodDisruptionBudget.class);

    private final Options options;
    private final Report report = new Report("operator-scale");

    OperatorScaleBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new OperatorScaleBenchmark(new Options(args)).run();
    }

    /** One run at one scale. */
    record ScaleResult(int clusters, double createSeconds, double dependentsSeconds, double statusSeconds, ProcessMemory operatorMemory,
                       Map<String, Long> converge, Map<String, Long> resync, int resyncReconciliations) {

        long resyncWrites() {
            return resync.entrySet().stream().filter(e -> CountingApiServer.WRITES.contains(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    List<ScaleResult> run() throws Exception {
        Path crd = Path.of(System.getProperty("bench.crds.dir", "crds"), "predictorclusters.autoship.dev-v1.yml");
        Path example = Path.of(System.getProperty("bench.examples.dir", "examples"), "predictorcluster-minimal.yaml");
        List<ScaleResult> results = new ArrayList<>();
        for (int repeat = 0; repeat < options.integer("repeats", 1); repeat++) {
            for (int clusters : options.integers("clusters", "100,500")) {
                results.add(scale(crd, example, clusters));
            }
        }
        report.heading("Operator at scale on kubernetes-server-mock (operator JVM %s)".formatted(options.text("operatorJvm", "-Xmx256m")));
        report.header("PredictorClusters", "creating them took (s)", "all dependents exist (s)", "all statuses for their generation (s)",
                "operator live heap MiB", "operator RSS MiB", "requests while converging", "resync requests", "resync writes",
                "reconciliations in resync", "runs");
        Map<Integer, List<ScaleResult>> byScale = new LinkedHashMap<>();
        results.forEach(r -> byScale.computeIfAbsent(r.clusters(), c -> new ArrayList<>()).add(r));
        byScale.forEach((clusters, runs) -> report.row(clusters, Median.of(runs, ScaleResult::createSeconds),
                Median.of(runs, ScaleResult::dependentsSeconds),
                Median.of(runs, ScaleResult::statusSeconds), Median.of(runs, r -> r.operatorMemory().liveHeapMiB()),
                Median.of(runs, r -> r.operatorMemory().rssMiB()), runs.getLast().converge(), runs.getLast().resync(),
                runs.stream().mapToLong(ScaleResult::resyncWrites).max().orElse(0), runs.getLast().resyncReconciliations(),
                runs.size()));
        report.save();
        return results;
    }

    private ScaleResult scale(Path crd, Path example, int clusters) throws Exception {
        try (CountingApiServer api = new CountingApiServer(crd)) {
            KubernetesClient client = api.client();
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
            GenericKubernetesResource template;
            try (InputStream yaml = Files.newInputStream(example)) {
                template = client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
            }
            Duration timeout = options.seconds("timeout", 600);
            ProcessMemory memory;
            double createSeconds;
            double dependentsSeconds;
            double statusSeconds;
            Map<String, Long> converge;
            try (RunningOperator operator = RunningOperator.start(api, options.text("operatorJvm", "-Xmx256m"))) {
                long start = System.nanoTime();
                for (int i = 0; i < clusters; i++) {
                    GenericKubernetesResource cluster = client.getKubernetesSerialization().clone(template);
                    cluster.getMetadata().setName("bench-%04d".formatted(i));
                    cluster.getMetadata().setNamespace(NAMESPACE);
                    client.resource(cluster).create();
                }
                createSeconds = (System.nanoTime() - start) / 1e9;
                double[] done = awaitConverged(client, clusters, start, timeout, operator);
                dependentsSeconds = done[0];
                statusSeconds = done[1];
                converge = api.requests();
                memory = ProcessMemory.of(operator.jvm().pid());
            }
            api.resetCounts();
            Map<String, Long> resync;
            int reconciliations;
            try (RunningOperator operator = RunningOperator.start(api, options.text("operatorJvm", "-Xmx256m"))) {
                reconciliations = operator.awaitReconciliations(clusters, timeout);
                Thread.sleep(2000);
                resync = api.requests();
            }
            return new ScaleResult(clusters, createSeconds, dependentsSeconds, statusSeconds, memory, converge, resync, reconciliations);
        }
    }

    /** Seconds until every cluster has all its dependents, and until every status is for its generation. */
    private static double[] awaitConverged(KubernetesClient client, int clusters, long start, Duration timeout, RunningOperator operator)
            throws InterruptedException, IOException {
        double dependents = Double.NaN;
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            operator.requireAlive();
            if (Double.isNaN(dependents) && DEPENDENTS.stream().allMatch(kind -> owned(client, kind) >= clusters)) {
                dependents = (System.nanoTime() - start) / 1e9;
            }
            if (!Double.isNaN(dependents) && statusesFilled(client) >= clusters) {
                return new double[] {dependents, (System.nanoTime() - start) / 1e9};
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not converged within " + timeout + ": dependents " + DEPENDENTS.stream()
                .map(kind -> kind.getSimpleName() + "=" + owned(client, kind)).toList() + ", statuses " + statusesFilled(client));
    }

    private static long owned(KubernetesClient client, Class<? extends HasMetadata> kind) {
        return client.resources(kind).inNamespace(NAMESPACE).list().getItems().stream()
                .filter(item -> item.getMetadata().getOwnerReferences().stream().anyMatch(o -> "PredictorCluster".equals(o.getKind())))
                .count();
    }

    private static long statusesFilled(KubernetesClient client) {
        return client.genericKubernetesResources("autoship.dev/v1alpha1", "PredictorCluster").inNamespace(NAMESPACE).list()
                .getItems().stream()
                .filter(cluster -> cluster.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                        && status.get("observedGeneration") instanceof Number observed
                        && observed.longValue() == cluster.getMetadata().getGeneration()
                        && status.get("conditions") instanceof List<?> conditions && !conditions.isEmpty())
                .count();
    }

    /** OperatorMain in its own JVM, pointed at the mock through fabric8's environment variables. */
    private record RunningOperator(ChildJvm jvm, URI url) implements AutoCloseable {

        static RunningOperator start(CountingApiServer api, String jvmOptions) throws IOException, InterruptedException {
            int port = FreePort.find();
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("KUBERNETES_MASTER", api.url());
            environment.put("KUBERNETES_NAMESPACE", NAMESPACE);
            environment.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
            environment.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
            environment.put("AUTOSHIP_OPERATOR_LEADER_ELECTION", "false");
            environment.put("AUTOSHIP_OPERATOR_WATCH_NAMESPACES", NAMESPACE);
            environment.put("AUTOSHIP_OPERATOR_HTTP_PORT", Integer.toString(port));
            Path log = Files.createTempFile("bench-operator-", ".log");
            ChildJvm jvm = ChildJvm.start(Component.OPERATOR.classpath(), "dev.autoship.operator.OperatorMain",
                    List.of(jvmOptions.trim().split("\\s+")), environment, log);
            RunningOperator operator = new RunningOperator(jvm, URI.create("http://127.0.0.1:" + port));
            try {
                jvm.awaitOk(operator.url().resolve("/health/ready"), Duration.ofSeconds(120));
            } catch (IOException | InterruptedException | RuntimeException e) {
                operator.close();
                throw e;
            }
            return operator;
        }

        void requireAlive() throws IOException {
            if (!jvm.isAlive()) {
                throw new IOException("operator exited; its log " + jvm.log() + " ends:\n" + jvm.logTail());
            }
        }

        /** Waits until the operator's own metrics count {@code expected} finished reconciliations; returns the count. */
        int awaitReconciliations(int expected, Duration timeout) throws IOException, InterruptedException {
            PredictorClient http = new PredictorClient(url, 1, Duration.ofSeconds(5));
            long deadline = System.nanoTime() + timeout.toNanos();
            int finished = 0;
            while (System.nanoTime() < deadline) {
                requireAlive();
                finished = (int) sum(http.get("/metrics").body(), "operator_sdk_reconciliations_success_total");
                if (finished >= expected) {
                    return finished;
                }
                Thread.sleep(250);
            }
            throw new IOException("only " + finished + " of " + expected + " reconciliations within " + timeout + "; log " + jvm.log());
        }

        private static double sum(String prometheus, String metric) {
            double total = 0;
            for (String line : prometheus.split("\n")) {
                if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return total;
        }

        @Override
        public void close() {
            jvm.close();
        }
    }
}
