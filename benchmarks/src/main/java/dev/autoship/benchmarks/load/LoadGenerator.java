package dev.autoship.benchmarks.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import org.HdrHistogram.Histogram;

/**
 * An HTTP load generator on HdrHistogram, one virtual thread per connection.
 * <ul>
 *   <li>closed loop: each connection sends its next request as soon as the previous answer is in
 *       (maximum throughput; latency from the actual send);</li>
 *   <li>open loop at a fixed rate (wrk2's model): connection i of N sends its k-th request at
 *       start + (k·N + i)/rate whether or not the server kept up, and latency counts from that
 *       intended time, so the numbers are free of coordinated omission.</li>
 * </ul>
 * Requests during the warm-up are sent but not recorded. CPU time of the server process and of this
 * JVM is sampled over the measured window, so cost per request is known even when both share the cores.
 */
public final class LoadGenerator {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final PredictorClient client;
    private final String path;
    private final List<byte[]> bodies;
    private final ProcessHandle server;
    private final UnaryOperator<byte[]> beforeSend;

    public LoadGenerator(PredictorClient client, String path, List<byte[]> bodies, long serverPid) {
        this(client, path, bodies, serverPid, UnaryOperator.identity());
    }

    /** @param beforeSend makes the body sent from each of {@code bodies} (e.g. {@code DistinctOrderIds}) */
    public LoadGenerator(PredictorClient client, String path, List<byte[]> bodies, long serverPid,
                         UnaryOperator<byte[]> beforeSend) {
        if (bodies.isEmpty()) {
            throw new IllegalArgumentException("no request bodies");
        }
        this.client = client;
        this.path = path;
        this.bodies = List.copyOf(bodies);
        this.server = ProcessHandle.of(serverPid).orElseThrow(() -> new IllegalArgumentException("no process " + serverPid));
        this.beforeSend = beforeSend;
    }

    public LoadResult closedLoop(int connections, Duration warmUp, Duration duration) throws InterruptedException {
        return run(connections, 0, warmUp, duration);
    }

    public LoadResult openLoop(int connections, double requestsPerSecond, Duration warmUp, Duration duration)
            throws InterruptedException {
        if (requestsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive: " + requestsPerSecond);
        }
        return run(connections, requestsPerSecond, warmUp, duration);
    }

    private LoadResult run(int connections, double rate, Duration warmUp, Duration duration) throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        Run run = new Run(rate, measureFrom, end);
        List<Thread> workers = new ArrayList<>(connections);
        List<Histogram> histograms = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
            histograms.add(histogram);
            int worker = i;
            workers.add(Thread.ofVirtual().name("load-" + i).start(() -> run.work(worker, connections, start, histogram)));
        }
        long untilMeasuring;
        while ((untilMeasuring = measureFrom - System.nanoTime()) > 0) {
            Thread.sleep(untilMeasuring / 1_000_000, (int) (untilMeasuring % 1_000_000));
        }
        Duration serverCpu = cpu(server);
        Duration ownCpu = cpu(ProcessHandle.current());
        for (Thread worker : workers) {
            worker.join();
        }
        serverCpu = cpu(server).minus(serverCpu);
        ownCpu = cpu(ProcessHandle.current()).minus(ownCpu);
        Histogram all = new Histogram(HIGHEST_MICROS, 3);
        histograms.forEach(all::add);
        // an open loop that fell behind keeps sending what was due until its backlog is gone: rate over the real span
        double seconds = Math.max(duration.toNanos(), run.lastDone.get() - measureFrom) / 1e9;
        return new LoadResult(rate > 0 ? "open" : "closed", connections, rate, seconds,
                all.getTotalCount(), run.errors.sum(), new TreeMap<>(run.errorsByKind), all,
                serverCpu.toNanos() / 1e9, ownCpu.toNanos() / 1e9);
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private final class Run {
        private final double rate;
        private final long measureFrom;
        private final long end;
        private final LongAdder errors = new LongAdder();
        private final AtomicLong lastDone = new AtomicLong();
        private final Map<String, Long> errorsByKind = new ConcurrentHashMap<>();

        Run(double rate, long measureFrom, long end) {
            this.rate = rate;
            this.measureFrom = measureFrom;
            this.end = end;
        }

        void work(int worker, int connections, long start, Histogram histogram) {
            double periodNanos = rate > 0 ? connections * 1e9 / rate : 0;
            long firstOffset = rate > 0 ? (long) (worker * 1e9 / rate) : 0;
            int next = (worker * 7919) % bodies.size();
            for (long k = 0; ; k++) {
                long intended = rate > 0 ? start + firstOffset + (long) (k * periodNanos) : System.nanoTime();
                if (intended >= end) {
                    return;
                }
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                String error = send(bodies.get(next));
                long done = System.nanoTime();
                lastDone.accumulateAndGet(done, Math::max);
                next = (next + 1) % bodies.size();
                if (intended >= measureFrom) {
                    if (error == null) {
                        histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(1, (done - intended) / 1000)));
                    } else {
                        errors.increment();
                        errorsByKind.merge(error, 1L, Long::sum);
                    }
                }
            }
        }

        /** Null when the request succeeded, else what went wrong. */
        private String send(byte[] body) {
            try {
                PredictorClient.Response response = client.post(path, beforeSend.apply(body));
                return response.ok() ? null : "HTTP " + response.status();
            } catch (RuntimeException e) {
                return e.getClass().getSimpleName();
            }
        }
    }
}
