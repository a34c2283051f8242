package dev.autoship.benchmarks.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.benchmarks.load.PredictorClient;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
import dev.autoship.predictor.cache.RedisSharedModelCache;
import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.testing.RedisClusterNodes;
import dev.autoship.testing.RedisNode;
import dev.autoship.testing.RedisProcess;
import dev.autoship.testing.RedisSentinels;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redis past one server (issue 24), two predictor JVMs on the embedded demo history:
 * <ul>
 * <li>{@code scenario=failover}: master + replica + 3 sentinels; 16 connections of predictions with DELETE churn
 * (on the management port) so customers turn cold and Redis is used; the master is killed ({@code fail=kill}) or
 * hung ({@code fail=stop}); counts failed predictions and the time from promotion until a model stored by one
 * instance is read from Redis by the other;</li>
 * <li>{@code scenario=cluster}: one Redis and a 3-master cluster running at once, two predictors on each, measured
 * in turns (customer by customer, then warm windows of {@code seconds} each, {@code windows} per mode) {@code runs}
 * times: warm throughput (16 connections, from memory), the cold path (DELETE, then a prediction that trains and stores) and the Redis load (the other
 * instance's next prediction), medians, and cluster / single ratios within each run; and, in this process, the
 * Redis commands a cold path sends, against each setup in turns.</li>
 * </ul>
 */
public final class RedisModesBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final String order;
    private final HttpClient admin = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RedisModesBenchmark(Options options) throws IOException {
        this.options = options;
        this.order = Files.readString(Path.of("examples", "order.json"));
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options(args);
        RedisModesBenchmark benchmark = new RedisModesBenchmark(options);
        Report report = new Report("redis-" + options.text("scenario", "failover"));
        switch (options.text("scenario", "failover")) {
            case "failover" -> benchmark.failover(report);
            case "cluster" -> benchmark.cluster(report);
            default -> throw new IllegalArgumentException("scenario must be failover or cluster");
        }
        System.out.println("saved " + report.save());
        System.exit(0);
    }

    private byte[] body(String customer) {
        return order.replace("demo-customer-01", customer).getBytes(StandardCharsets.UTF_8);
    }

    private String source(PredictorClient client, String customer) throws IOException {
        PredictorClient.Response response = client.exchange("/v1/predictions", body(customer));
        return response.status() == 200 ? JSON.readTree(response.body()).at("/model/source").asText() : "status " + response.status();
    }

    private int delete(PredictorUnderTest.Predictor predictor, String customer) throws IOException, InterruptedException {
        return admin.send(HttpRequest.newBuilder(predictor.managementUrl().resolve("/v1/models/" + customer))
                .timeout(Duration.ofSeconds(30)).DELETE().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Waits (at most 5 s) until the predictor holds no model of the customer, in memory or Redis. */
    private void awaitForgotten(PredictorUnderTest.Predictor predictor, String customer) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (admin.send(HttpRequest.newBuilder(predictor.url().resolve("/v1/models/" + customer)).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() != 404) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the deletion of " + customer + " did not reach " + predictor.url());
            }
            Thread.sleep(5);
        }
    }

    /** Closed loop on the given customers over both predictors, DELETE churn on the first; returns counts. */
    private final class Load implements AutoCloseable {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        Load(List<PredictorUnderTest.Predictor> predictors, List<String> customers, int connections, long churnMillis) {
            for (int i = 0; i < connections; i++) {
                PredictorClient client = predictors.get(i % predictors.size()).client(1);
                threads.add(Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        String customer = customers.get(ThreadLocalRandom.current().nextInt(customers.size()));
                        try {
                            (client.post("/v1/predictions", body(customer)).ok() ? ok : failed).incrementAndGet();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                        }
                    }
                }));
            }
            if (churnMillis > 0) {
                threads.add(Thread.ofPlatform().start(() -> {
                    while (running.get()) {
                        try {
                            delete(predictors.getFirst(), customers.get(ThreadLocalRandom.current().nextInt(customers.size())));
                            Thread.sleep(churnMillis);
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private void failover(Report report) throws Exception {
        int connections = options.integer("connections", 16);
        String fail = options.text("fail", "kill");
        try (RedisSentinels redis = RedisSentinels.start(); PredictorUnderTest under = PredictorUnderTest.embedded()) {
            Map<String, String> env = Map.of("AUTOSHIP_REDIS_SENTINELS", redis.sentinelAddresses(),
                    "AUTOSHIP_REDIS_SENTINEL_MASTER", RedisSentinels.MASTER_NAME, "AUTOSHIP_WARM_START_MODELS", "0");
            List<PredictorUnderTest.Predictor> predictors = List.of(
                    under.startPredictor(List.of("-Xmx512m"), env), under.startPredictor(List.of("-Xmx512m"), env));
            List<String> customers = under.customers(29, 0);
            List<String> loaded = customers.subList(0, customers.size() - 1);
            String probe = customers.getLast();
            PredictorClient one = predictors.get(0).client(1);
            PredictorClient two = predictors.get(1).client(1);
            RedisProcess master = redis.masterNow().orElseThrow();
            long promotedAfterMillis;
            long sharedAgainMillis;
            int probes = 0;
            try (Load load = new Load(predictors, loaded, connections, options.integer("churnMillis", 100))) {
                Thread.sleep(options.seconds("before", 10).toMillis());
                long failedAt = System.nanoTime();
                if (fail.equals("stop")) {
                    master.pause();
                } else {
                    master.kill();
                }
                while (redis.masterNow().filter(node -> node != master).isEmpty()) {
                    Thread.sleep(20);
                }
                long promotedAt = System.nanoTime();
                promotedAfterMillis = (promotedAt - failedAt) / 1_000_000;
                while (true) {
                    probes++;
                    delete(predictors.getFirst(), probe);
                    if (source(one, probe).equals("trained") && source(two, probe).equals("redis")) {
                        break;
                    }
                    Thread.sleep(50);
                }
                sharedAgainMillis = (System.nanoTime() - promotedAt) / 1_000_000;
                Thread.sleep(options.seconds("after", 10).toMillis());
                load.close();
                report.heading("Sentinel failover under " + connections + " connections with DELETE churn (master: " + fail + ")");
                report.header("predictions ok", "failed", "promotion after failure (ms)", "shared again after promotion (ms)", "probes");
                report.row(load.ok.get(), load.failed.get(), promotedAfterMillis, sharedAgainMillis, probes);
            } finally {
                if (fail.equals("stop") && master.alive()) {
                    master.unpause();
                }
            }
        }
    }

    private record ModeRun(String mode, double warmPerSecond, double coldMillis, double redisLoadMillis) {
    }

    /** Two predictors sharing one Redis setup: the first trains and stores, the second loads. */
    private record Pair(String mode, PredictorUnderTest.Predictor one, PredictorUnderTest.Predictor two) {
        List<PredictorUnderTest.Predictor> both() {
            return List.of(one, two);
        }
    }

    private void cluster(Report report) throws Exception {
        int runs = options.integer("runs", 3);
        List<ModeRun> results = new ArrayList<>();
        List<ModeRun> ratios = new ArrayList<>();
        Map<String, List<Double>> commandMillis = new java.util.HashMap<>();
        for (int run = 0; run < runs; run++) {
            try (RedisNode single = RedisNode.start(); RedisClusterNodes nodes = RedisClusterNodes.start(3);
                 PredictorUnderTest under = PredictorUnderTest.embedded()) {
                List<Pair> pairs = List.of(pair(under, "single", Map.of("AUTOSHIP_REDIS_URL", single.url())),
                        pair(under, "cluster", Map.of("AUTOSHIP_REDIS_CLUSTER_NODES", nodes.seed())));
                List<ModeRun> measured = measure(pairs, under.customers(30, 0), run);
                Map<String, Double> commands = coldPathCommands(single, nodes);
                commandMillis.computeIfAbsent("single", mode -> new ArrayList<>()).add(commands.get("single"));
                commandMillis.computeIfAbsent("cluster", mode -> new ArrayList<>()).add(commands.get("cluster"));
                report.note("run " + (run + 1) + ": model keys per master " + nodes.masters().stream().map(node -> {
                    try (Jedis jedis = node.client()) {
                        return jedis.keys("autoship:{*}:model:*").size();
                    }
                }).toList());
                ModeRun one = measured.get(0);
                ModeRun cluster = measured.get(1);
                results.addAll(measured);
                ratios.add(new ModeRun("cluster / single, run " + (run + 1), cluster.warmPerSecond() / one.warmPerSecond(),
                        cluster.coldMillis() / one.coldMillis(), cluster.redisLoadMillis() / one.redisLoadMillis()));
            }
        }
        report.heading("One Redis against a 3-master Redis Cluster, both running, measured in turns; medians of " + runs);
        report.header("mode", "warm predictions/s", "cold: trained and stored (ms)", "loaded from Redis (ms)");
        for (String mode : List.of("single", "cluster")) {
            List<ModeRun> of = results.stream().filter(r -> r.mode().equals(mode)).toList();
            report.row(mode, Report.format(Median.of(of, ModeRun::warmPerSecond)), Report.format(Median.of(of, ModeRun::coldMillis)),
                    Report.format(Median.of(of, ModeRun::redisLoadMillis)));
        }
        for (ModeRun ratio : ratios) {
            report.row(ratio.mode(), Report.format(ratio.warmPerSecond()), Report.format(ratio.coldMillis()),
                    Report.format(ratio.redisLoadMillis()));
        }
        report.row("cluster / single, median of the runs' ratios", Report.format(Median.of(ratios, ModeRun::warmPerSecond)),
                Report.format(Median.of(ratios, ModeRun::coldMillis)), Report.format(Median.of(ratios, ModeRun::redisLoadMillis)));
        report.heading("The Redis commands of a cold path, in this process, in turns; medians of " + runs);
        report.header("mode", "GET, lock, GET, SET, ZADD, unlock (ms)");
        for (String mode : List.of("single", "cluster")) {
            report.row(mode, Report.format(Median.of(commandMillis.get(mode), Double::doubleValue)));
        }
        for (ModeRun run : results) {
            report.note(run.toString());
        }
    }

    /**
     * Median time of the commands a cold path sends (GET, lock, GET, SET of a 7.5 KB model, recency ZADD, unlock)
     * through the predictor's own cache class, against each setup in turns: 1,000 sequences of warm-up, 2,000 timed.
     */
    private static Map<String, Double> coldPathCommands(RedisNode single, RedisClusterNodes cluster) {
        byte[] model = new byte[7_500];
        Map<String, List<Double>> took = Map.of("single", new ArrayList<>(), "cluster", new ArrayList<>());
        try (RedisSharedModelCache one = new RedisSharedModelCache(PredictorSettings.from(Map.of(
                     "AUTOSHIP_REDIS_URL", single.url(), "AUTOSHIP_REDIS_KEY_PREFIX", "commands")).redis().orElseThrow());
             RedisSharedModelCache many = new RedisSharedModelCache(PredictorSettings.from(Map.of(
                     "AUTOSHIP_REDIS_CLUSTER_NODES", cluster.seed(), "AUTOSHIP_REDIS_KEY_PREFIX", "commands")).redis().orElseThrow())) {
            for (int i = 0; i < 3_000; i++) {
                String customer = "c-" + (i % 30);
                double toOne = coldPathCommands(one, customer, model);
                double toMany = coldPathCommands(many, customer, model);
                if (i >= 1_000) {
                    took.get("single").add(toOne);
                    took.get("cluster").add(toMany);
                }
            }
        }
        return Map.of("single", Median.of(took.get("single"), Double::doubleValue),
                "cluster", Median.of(took.get("cluster"), Double::doubleValue));
    }

    private static double coldPathCommands(RedisSharedModelCache cache, String customer, byte[] model) {
        long started = System.nanoTime();
        cache.get(customer);
        Optional<SharedModelCache.TrainingLock> lock = cache.tryLock(customer, Duration.ofSeconds(10));
        cache.get(customer);
        cache.put(customer, model, Duration.ofMinutes(10));
        cache.markUsed(customer);
        lock.ifPresent(SharedModelCache.TrainingLock::release);
        return (System.nanoTime() - started) / 1e6;
    }

    private static Pair pair(PredictorUnderTest under, String mode, Map<String, String> redis) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(redis);
        env.put("AUTOSHIP_WARM_START_MODELS", "0");
        return new Pair(mode, under.startPredictor(List.of("-Xmx512m"), env), under.startPredictor(List.of("-Xmx512m"), env));
    }

    /**
     * Both modes on the same machine state: each customer's cold path and Redis load are measured in one mode then
     * the other (which first alternates), and the warm windows alternate too; one {@link ModeRun} per pair.
     */
    private List<ModeRun> measure(List<Pair> pairs, List<String> customers, int run) throws Exception {
        Map<String, List<Double>> cold = new java.util.HashMap<>();
        Map<String, List<Double>> loads = new java.util.HashMap<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < customers.size(); i++) {
                String customer = customers.get(i);
                for (Pair pair : (i + run) % 2 == 0 ? pairs : pairs.reversed()) {
                    PredictorClient one = pair.one().client(1);
                    PredictorClient two = pair.two().client(1);
                    delete(pair.one(), customer);
                    // the other instance drops its copy when the deletion reaches it (later in a cluster, through
                    // the cluster bus): timing before then would keep only the samples slow enough for it
                    awaitForgotten(pair.two(), customer);
                    long started = System.nanoTime();
                    String trained = source(one, customer);
                    long between = System.nanoTime();
                    String loaded = source(two, customer);
                    long done = System.nanoTime();
                    if (round > 0 && trained.equals("trained") && loaded.equals("redis")) {
                        cold.computeIfAbsent(pair.mode(), mode -> new ArrayList<>()).add((between - started) / 1e6);
                        loads.computeIfAbsent(pair.mode(), mode -> new ArrayList<>()).add((done - between) / 1e6);
                    }
                }
            }
        }
        // short warm windows in turns, so that a change of the machine's load falls on both modes alike
        Duration seconds = options.seconds("seconds", 3);
        int windows = options.integer("windows", 5);
        Map<String, Long> warmOk = new java.util.HashMap<>();
        for (int window = 0; window < windows; window++) {
            for (Pair pair : (window + run) % 2 == 0 ? pairs : pairs.reversed()) {
                try (Load load = new Load(pair.both(), customers, options.integer("connections", 16), 0)) {
                    Thread.sleep(1000);
                    long before = load.ok.get();
                    Thread.sleep(seconds.toMillis());
                    warmOk.merge(pair.mode(), load.ok.get() - before, Long::sum);
                }
            }
        }
        Map<String, Double> warm = new java.util.HashMap<>();
        warmOk.forEach((mode, ok) -> warm.put(mode, ok / (double) (windows * seconds.toSeconds())));
        return pairs.stream().map(pair -> new ModeRun(pair.mode(), warm.get(pair.mode()),
                Median.of(cold.getOrDefault(pair.mode(), List.of()), Double::doubleValue),
                Median.of(loads.getOrDefault(pair.mode(), List.of()), Double::doubleValue))).toList();
    }
}
