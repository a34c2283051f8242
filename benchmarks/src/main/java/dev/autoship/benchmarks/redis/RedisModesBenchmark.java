package dev.autoship.benchmarks.redis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.benchmarks.load.PredictorClient;
import dev.autoship.benchmarks.predictor.PredictorUnderTest;
import dev.autoship.benchmarks.report.Median;
import dev.autoship.benchmarks.report.Options;
import dev.autoship.benchmarks.report.Report;
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
 * <li>{@code scenario=cluster}: one Redis against a 3-master cluster, {@code runs} times each (in turns first): warm
 * throughput (16 connections, from memory), the cold path (DELETE, then a prediction that trains and stores) and
 * the Redis load (the other instance's next prediction), medians, and cluster / single ratios within each run.</li>
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

    private void cluster(Report report) throws Exception {
        int runs = options.integer("runs", 3);
        List<ModeRun> results = new ArrayList<>();
        List<ModeRun> ratios = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            // the machine's load drifts: each run measures both modes, in turns first
            ModeRun single = null;
            ModeRun cluster = null;
            for (boolean clusterNow : run % 2 == 0 ? List.of(false, true) : List.of(true, false)) {
                if (clusterNow) {
                    try (RedisClusterNodes nodes = RedisClusterNodes.start(3)) {
                        cluster = measure("cluster", Map.of("AUTOSHIP_REDIS_CLUSTER_NODES", nodes.seed()));
                        report.note("run " + (run + 1) + ": model keys per master " + nodes.masters().stream().map(node -> {
                            try (Jedis jedis = node.client()) {
                                return jedis.keys("autoship:{*}:model:*").size();
                            }
                        }).toList());
                    }
                } else {
                    try (RedisNode node = RedisNode.start()) {
                        single = measure("single", Map.of("AUTOSHIP_REDIS_URL", node.url()));
                    }
                }
            }
            results.add(single);
            results.add(cluster);
            ratios.add(new ModeRun("cluster / single, run " + (run + 1), cluster.warmPerSecond() / single.warmPerSecond(),
                    cluster.coldMillis() / single.coldMillis(), cluster.redisLoadMillis() / single.redisLoadMillis()));
        }
        report.heading("One Redis against a 3-master Redis Cluster, medians of " + runs);
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
        for (ModeRun run : results) {
            report.note(run.toString());
        }
    }

    private ModeRun measure(String mode, Map<String, String> redis) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(redis);
        env.put("AUTOSHIP_WARM_START_MODELS", "0");
        try (PredictorUnderTest under = PredictorUnderTest.embedded()) {
            List<PredictorUnderTest.Predictor> predictors = List.of(
                    under.startPredictor(List.of("-Xmx512m"), env), under.startPredictor(List.of("-Xmx512m"), env));
            List<String> customers = under.customers(30, 0);
            PredictorClient one = predictors.get(0).client(1);
            PredictorClient two = predictors.get(1).client(1);
            List<Double> cold = new ArrayList<>();
            List<Double> loads = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String customer : customers) {
                    delete(predictors.getFirst(), customer);
                    long started = System.nanoTime();
                    String trained = source(one, customer);
                    long between = System.nanoTime();
                    String loaded = source(two, customer);
                    long done = System.nanoTime();
                    if (round > 0 && trained.equals("trained") && loaded.equals("redis")) {
                        cold.add((between - started) / 1e6);
                        loads.add((done - between) / 1e6);
                    }
                }
            }
            Duration seconds = options.seconds("seconds", 15);
            double warm;
            try (Load load = new Load(predictors, customers, options.integer("connections", 16), 0)) {
                Thread.sleep(2000);
                long before = load.ok.get();
                Thread.sleep(seconds.toMillis());
                warm = (load.ok.get() - before) / (double) seconds.toSeconds();
            }
            return new ModeRun(mode, warm, Median.of(cold, Double::doubleValue), Median.of(loads, Double::doubleValue));
        }
    }
}
