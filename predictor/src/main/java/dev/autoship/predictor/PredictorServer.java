package dev.autoship.predictor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.api.PredictorApi;
import dev.autoship.predictor.cache.RedisCalls;
import dev.autoship.predictor.cache.RedisSharedModelCache;
import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoHistory;
import dev.autoship.predictor.history.ElasticsearchConnection;
import dev.autoship.predictor.history.ElasticsearchHistory;
import dev.autoship.predictor.http.ConnectionCloseEnforcer;
import dev.autoship.predictor.http.GuardedHttp1Selector;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.cache.MemoryTier;
import dev.autoship.predictor.lifecycle.ColdPathRehearsal;
import dev.autoship.predictor.lifecycle.ModelRepository;
import dev.autoship.predictor.model.AutoShipPolicy;
import dev.autoship.predictor.model.AutoShipRule;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ModelLifetime;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.model.ValidationPool;
import dev.autoship.predictor.training.InsufficientHistoryMemory;
import dev.autoship.predictor.training.LockKeeper;
import dev.autoship.predictor.training.ModelTraining;
import dev.autoship.predictor.training.TrainingPool;
import dev.autoship.predictor.ops.PredictorMetrics;
import dev.autoship.predictor.outcome.ModelQuality;
import dev.autoship.predictor.outcome.OutcomeTracking;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Metrics;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The predictor's parts wired together from its settings, and the web server that serves them on two ports: the
 * public one (predictions, model metadata, {@code /openapi}) and the management one (health under
 * {@code /observe/health}, Prometheus metrics at {@code /observe/metrics}, the admin {@code DELETE /v1/models/...}),
 * so that a client allowed to ask for predictions cannot drop models or read metrics, and probes have connections of
 * their own when the public port is full.
 */
public final class PredictorServer implements AutoCloseable {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /** Longest the in-process warm-up may delay readiness (it usually stops earlier, at its call count). */
    static final Duration MAX_WARM_UP = Duration.ofSeconds(2);
    /** At most this much of the start-up goes to warming the trainer (the first cold customers' trainings). */
    static final Duration MAX_TRAINING_WARM_UP = Duration.ofSeconds(1);
    /** At most this much of the start-up goes to rehearsing the real cold path (history store included). */
    static final Duration MAX_REHEARSAL = Duration.ofSeconds(3);
    /** At most this much of the start-up goes to requests over loopback to the public port (the HTTP path). */
    static final Duration MAX_HTTP_WARM_UP = Duration.ofSeconds(1);
    /** The named Helidon socket of the management port. */
    public static final String MANAGEMENT_SOCKET = "management";
    /** Probes, a scrape and a few admins at once: small, and apart from the public port's connections. */
    static final int MANAGEMENT_MAX_CONNECTIONS = 32;
    /** Helidon's own accept backlog. */
    private static final int DEFAULT_BACKLOG = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(PredictorServer.class);
    /** Without Elasticsearch (embedded history), the bound of a wait for another instance's training. */
    private static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(5);

    private final PredictorSettings settings;
    private final HistorySource history;
    private final SharedModelCache shared;
    private final ModelRepository models;
    private final OutcomeTracking outcomes;
    private final PredictorApi api;
    private final AtomicBoolean serving = new AtomicBoolean();
    /** Set by {@link #start()}: readiness waits for the HTTP warm-up, not only for the port to listen. */
    private final AtomicBoolean readyOnceWarm = new AtomicBoolean();
    private final ConnectionCloseEnforcer connectionClose = new ConnectionCloseEnforcer();
    private final GuardedHttp1Selector publicConnections;
    private final GuardedHttp1Selector managementConnections;
    private WebServer server;

    private PredictorServer(PredictorSettings settings, Optional<ElasticsearchConnection> elasticsearch,
                            HistorySource history, Optional<RedisCalls> redis, SharedModelCache shared,
                            ModelQuality quality, Clock clock) {
        this.settings = settings;
        this.history = history;
        this.shared = shared;
        PredictorMetrics metrics = new PredictorMetrics(Metrics.globalRegistry());
        this.models = models(settings, history, shared, clock, metrics);
        this.outcomes = OutcomeTracking.start(settings, elasticsearch, redis, history, models, quality, metrics, clock);
        this.api = new PredictorApi(models, metrics, new ObjectMapper(), settings.maxBatchOrders(),
                settings.maxRequestBytes(), RETRY_AFTER, clock, connectionClose::draining, outcomes);
        PredictorSettings.ConnectionLimits limits = settings.connections();
        this.publicConnections = new GuardedHttp1Selector(Http1Config.create(), limits.requestTimeout(),
                limits.maxConnections(), metrics.connectionsClosed("public"));
        this.managementConnections = new GuardedHttp1Selector(Http1Config.create(), limits.requestTimeout(),
                MANAGEMENT_MAX_CONNECTIONS, metrics.connectionsClosed(MANAGEMENT_SOCKET));
    }

    /** How long a training lock lives unless its holder extends it (every third of it, while it works). */
    static final Duration LOCK_TTL = Duration.ofSeconds(10);
    /** Trainings that may wait for a training thread, per thread; more get 503 overloaded. */
    static final int QUEUED_TRAININGS_PER_THREAD = 128;

    /** The model repository and its parts, wired from the settings. */
    private static ModelRepository models(PredictorSettings settings, HistorySource history, SharedModelCache shared,
                                          Clock clock, PredictorMetrics metrics) {
        // the validations of the models held in memory, which every model's auto-ship threshold may rest on
        ValidationPool pool = new ValidationPool();
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(clock)
                .describingHistory(settings.elasticsearch().map(es -> "elasticsearch:" + es.index())
                        .orElse("embedded demo data set"), settings.historyWindow())
                .autoShipping(new AutoShipPolicy(new AutoShipRule(settings.quality().autoShipPrecision()), pool));
        ModelCodec codec = new ModelCodec(trainer.features(), trainer.autoShipPolicy());
        metrics.autoShipPrecisionTarget(settings.quality().autoShipPrecision());
        PredictorSettings.ModelLifecycleSettings lifecycle = settings.lifecycle();
        ModelLifetime lifetime = new ModelLifetime(settings.modelCacheTtl(), lifecycle.ttlJitter(), lifecycle.refreshAt());
        int threads = settings.maxConcurrentTrainings();
        ModelTraining training = new ModelTraining(history, trainer,
                new TrainingPool(threads, threads * QUEUED_TRAININGS_PER_THREAD),
                new ModelTraining.HistoryLimits(settings.historyWindow(), settings.minExamples(), settings.maxExamples()),
                new InsufficientHistoryMemory(lifecycle.insufficientHistoryTtl(), lifecycle.insufficientHistoryMax(), clock),
                codec, shared, lifetime, clock, metrics);
        // a wait for another instance's training is bounded like a history read: past it, this instance trains too
        Duration lockWait = settings.elasticsearch().map(PredictorSettings.ElasticsearchSettings::timeout)
                .orElse(DEFAULT_LOCK_WAIT);
        return new ModelRepository(new MemoryTier(settings.modelCacheMaxModels(), pool), shared, codec, training,
                new LockKeeper(LOCK_TTL), lifetime, ModelRepository.Coordination.standard(lockWait), clock, metrics);
    }

    /** Builds every part from the settings (embedded demo history and memory-only cache unless configured). */
    public static PredictorServer create(PredictorSettings settings) {
        return create(settings, ModelQuality.VALIDATED);
    }

    /** @param quality what is known of models' validation (their own, or what a test states) */
    public static PredictorServer create(PredictorSettings settings, ModelQuality quality) {
        return create(settings, quality, UnaryOperator.identity());
    }

    /** @param history wraps the configured history source (a test holds or counts its reads) */
    public static PredictorServer create(PredictorSettings settings, ModelQuality quality,
                                         UnaryOperator<HistorySource> history) {
        Clock clock = Clock.systemUTC();
        Optional<ElasticsearchConnection> elasticsearch = settings.elasticsearch().map(ElasticsearchConnection::new);
        HistorySource source = history.apply(elasticsearch
                .<HistorySource>map(es -> new ElasticsearchHistory(es, settings.elasticsearch().orElseThrow().index()))
                .orElseGet(() -> new DemoHistory(new DemoDataSet(clock.instant()))));
        // the model cache owns (and closes) the client; the outcome store shares it
        Optional<RedisCalls> redis = settings.redis().map(RedisCalls::new);
        SharedModelCache shared = redis.<SharedModelCache>map(calls -> new RedisSharedModelCache(calls,
                settings.redis().orElseThrow().keyPrefix())).orElseGet(SharedModelCache::none);
        return new PredictorServer(settings, elasticsearch, source, redis, shared, quality, clock);
    }

    /**
     * Starts serving on the configured port (0 = any free port): warms up (see {@link #beforeServing}), starts
     * listening, sends the public port its own HTTP warm-up requests, and only then reports ready.
     *
     * @throws CannotListenException when a port cannot be opened (everything started so far is closed)
     */
    public PredictorServer start() {
        long started = System.nanoTime();
        List<String> customers = beforeServing();
        readyOnceWarm.set(true);
        server = configure(WebServer.builder()).build().start();
        if (!server.isRunning()) {
            // Helidon logs the listener's failure and returns a stopped server instead of throwing
            close();
            throw new CannotListenException(settings.port(), settings.managementPort());
        }
        Duration left = settings.lifecycle().warmStartTimeout().minusNanos(System.nanoTime() - started);
        long httpStarted = System.nanoTime();
        int requests = api.warmUpOverHttp(URI.create("http://127.0.0.1:" + server.port()), customers,
                left.compareTo(MAX_HTTP_WARM_UP) < 0 ? left : MAX_HTTP_WARM_UP);
        if (requests > 0) {
            LOG.info("Warmed up the HTTP path with {} requests to the public port in {} ms", requests,
                    (System.nanoTime() - httpStarted) / 1_000_000);
        }
        serving.set(true);
        return this;
    }

    /**
     * Work done before the server accepts requests, so before it can report ready: the warm start loads
     * the most recently used models from the shared cache, then the prediction path runs on them in process
     * and the trainer on generated histories, so that the JIT has compiled both, and the whole cold path (the
     * history store's client included) runs for a few real customers; all within the warm start's time limit.
     *
     * @return the customers the HTTP warm-up asks for: those whose models were loaded, else those rehearsed
     */
    List<String> beforeServing() {
        long started = System.nanoTime();
        Duration budget = settings.lifecycle().warmStartTimeout();
        List<String> loaded = models.warmStart(settings.lifecycle().warmStartModels(), budget);
        Duration left = budget.minusNanos(System.nanoTime() - started);
        Duration warmUpBudget = left.compareTo(MAX_WARM_UP) < 0 ? left : MAX_WARM_UP;
        long warmUpStarted = System.nanoTime();
        int predictions = api.warmUp(loaded, warmUpBudget);
        if (predictions > 0) {
            LOG.info("Warmed up the prediction path with {} in-process predictions on {} models in {} ms", predictions,
                    loaded.size(), (System.nanoTime() - warmUpStarted) / 1_000_000);
        }
        left = budget.minusNanos(System.nanoTime() - started);
        long trainingStarted = System.nanoTime();
        int trainings = models.warmUpTraining(left.compareTo(MAX_TRAINING_WARM_UP) < 0 ? left : MAX_TRAINING_WARM_UP);
        if (trainings > 0) {
            LOG.info("Warmed up the trainer with {} throw-away trainings on generated histories in {} ms", trainings,
                    (System.nanoTime() - trainingStarted) / 1_000_000);
        }
        left = budget.minusNanos(System.nanoTime() - started);
        long rehearsalStarted = System.nanoTime();
        ColdPathRehearsal rehearsal = models.rehearseColdPath(left.compareTo(MAX_REHEARSAL) < 0 ? left : MAX_REHEARSAL);
        if (!rehearsal.customers().isEmpty()) {
            LOG.info("Rehearsed the cold path (history read, training, encoding; nothing kept) for {} with {} history "
                    + "reads in {} ms", rehearsal.customers(), rehearsal.reads(),
                    (System.nanoTime() - rehearsalStarted) / 1_000_000);
        }
        if (predictions == 0 && !rehearsal.models().isEmpty()) {
            // nothing was loaded to warm the prediction path on: the first cold customers would pay for it
            left = budget.minusNanos(System.nanoTime() - started);
            long onRehearsed = System.nanoTime();
            int onModels = api.warmUpOn(rehearsal.models(), left.compareTo(MAX_WARM_UP) < 0 ? left : MAX_WARM_UP);
            LOG.info("Warmed up the prediction path with {} in-process predictions on the {} rehearsed models in {} ms",
                    onModels, rehearsal.models().size(), (System.nanoTime() - onRehearsed) / 1_000_000);
        }
        return loaded.isEmpty() ? rehearsal.customers() : loaded;
    }

    /** Applies the settings and routes to a server builder (also used by tests with Helidon's test support). */
    public WebServerConfig.Builder configure(WebServerConfig.Builder builder) {
        PredictorSettings.ConnectionLimits limits = settings.connections();
        return builder
                .host("0.0.0.0")
                .port(settings.port())
                .maxPayloadSize(settings.maxRequestBytes())
                // the connection budget is kept by the guarded selector (see GuardedHttp1Selector for why)
                .maxTcpConnections(publicConnections.acceptLimit())
                // a burst of new connections (clients reconnecting after a restart, a flood) waits to be accepted
                // rather than having SYNs dropped, which costs each client a 1 s retransmission; the kernel caps it
                // at net.core.somaxconn
                .backlog(Math.max(DEFAULT_BACKLOG, publicConnections.acceptLimit()))
                .idleConnectionTimeout(limits.idleTimeout())
                .idleConnectionPeriod(idleCheckPeriod(limits.idleTimeout()))
                // the guarded selector alone serves the port: see GuardedHttp1Selector for why it must be the only one
                .protocolsDiscoverServices(false)
                .addConnectionSelector(publicConnections)
                // answers go out whole at once: with Nagle's algorithm the last segment of a large answer waited
                // for the client's delayed ACK (~40 ms per batch answer)
                .connectionOptions(options -> options.tcpNoDelay(true))
                .shutdownGracePeriod(settings.shutdownGrace())
                .shutdownHook(false)
                .featuresDiscoverServices(false)
                .putSocket(MANAGEMENT_SOCKET, management -> management
                        .host("0.0.0.0")
                        .port(settings.managementPort())
                        .maxPayloadSize(settings.maxRequestBytes())
                        .maxTcpConnections(managementConnections.acceptLimit())
                        .idleConnectionTimeout(limits.idleTimeout())
                        .idleConnectionPeriod(idleCheckPeriod(limits.idleTimeout()))
                        .protocolsDiscoverServices(false)
                        .addConnectionSelector(managementConnections)
                        .connectionOptions(options -> options.tcpNoDelay(true))
                        .shutdownGracePeriod(settings.shutdownGrace())
                        .directHandlers(api.directHandlers()))
                .addFeature(ObserveFeature.builder()
                        .observersDiscoverServices(false)
                        .sockets(List.of(MANAGEMENT_SOCKET))
                        .observers(List.of(
                                HealthObserver.builder()
                                        .details(true)
                                        .addCheck(() -> HealthCheckResponse.builder().status(serving.get()).build(),
                                                HealthCheckType.READINESS, "serving")
                                        .build(),
                                MetricsObserver.create()))
                        .build())
                // the API description, src/main/resources/META-INF/openapi.yaml, at GET /openapi
                .addFeature(OpenApiFeature.builder().sockets(Set.of(WebServer.DEFAULT_SOCKET_NAME)).build())
                .directHandlers(api.directHandlers())
                .routing(routing -> {
                    routing.addFeature(new ReadyOnceListening(serving, readyOnceWarm));
                    routing.addFilter(connectionClose);
                    api.routing(routing);
                })
                .routing(MANAGEMENT_SOCKET, routing -> {
                    routing.addFilter(connectionClose);
                    outcomes.shipmentIntake().ifPresent(intake -> routing.register("/v1/shipments", intake));
                    api.managementRouting(routing);
                });
    }

    /**
     * How often Helidon looks for idle connections: a few times per idle timeout (it notes the time of a
     * connection's last request to the second, so an idle connection closes within a second or so of its timeout).
     */
    private static Duration idleCheckPeriod(Duration idleTimeout) {
        Duration quarter = idleTimeout.dividedBy(4);
        return quarter.compareTo(Duration.ofMillis(250)) < 0 ? Duration.ofMillis(250)
                : quarter.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : quarter;
    }

    /**
     * Readiness goes up only once the server listens on its port (Helidon's after-start event), or, when
     * {@link #start()} warms the HTTP path up first, once that is done.
     */
    private record ReadyOnceListening(AtomicBoolean serving, AtomicBoolean readyOnceWarm) implements HttpFeature {
        @Override
        public void setup(HttpRouting.Builder routing) {
        }

        @Override
        public void afterStart(WebServer webServer) {
            if (!readyOnceWarm.get()) {
                serving.set(true);
            }
        }
    }

    public int port() {
        return server.port();
    }

    public int managementPort() {
        return server.port(MANAGEMENT_SOCKET);
    }

    public ModelRepository models() {
        return models;
    }

    /** The API's routes and warm-ups. */
    public PredictorApi api() {
        return api;
    }

    /** The quality loop: the prediction log, outcomes, and the shipment intake of embedded mode for the management listener. */
    public OutcomeTracking outcomes() {
        return outcomes;
    }

    public String describeBackends() {
        return "history: " + settings.elasticsearch().map(es -> "Elasticsearch " + es.url() + " index " + es.index())
                .orElse("embedded demo data set (" + DemoDataSet.CUSTOMER_COUNT + " customers)")
                + ", shared model cache: " + settings.redis().map(r -> r.servers().describe()).orElse("none");
    }

    /**
     * Shuts down (Main calls this on SIGTERM): readiness goes down, the port stops accepting, idle kept-alive
     * connections are closed, requests in flight are answered (up to the grace period) with
     * {@code Connection: close} and their connections closed after the answer; then the backends are closed.
     */
    @Override
    public void close() {
        serving.set(false);
        connectionClose.drain();
        if (server != null) {
            server.stop();
        }
        publicConnections.close();
        managementConnections.close();
        outcomes.close();
        models.close();
        shared.close();
        history.close();
    }
}
