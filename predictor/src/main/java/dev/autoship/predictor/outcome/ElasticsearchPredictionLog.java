package dev.autoship.predictor.outcome;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.indices.resolve_index.ResolveIndexItem;
import co.elastic.clients.util.BinaryData;
import co.elastic.clients.util.ContentType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.history.ElasticsearchConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The prediction log in Elasticsearch: each prediction becomes a document of the daily index of its day, written
 * in bulk by the client's {@link BulkIngester}. {@code BulkIngester.add} waits while its requests are in flight,
 * so entries go through a bounded {@link LogBuffer} whose one thread feeds it: request threads never wait, and
 * while Elasticsearch is slow, down or refusing, entries are dropped and counted. The index template is put
 * before the first entry is written (and after each failure to, before the next); old daily indices are deleted
 * every hour.
 */
public final class ElasticsearchPredictionLog implements PredictionLog {

    static final int BUFFER = 20_000;
    static final int BULK_OPERATIONS = 2_000;
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    static final Duration RETENTION_EVERY = Duration.ofHours(1);
    private static final Duration TEMPLATE_RETRY = Duration.ofSeconds(10);
    private static final Duration FAILURE_LOG_EVERY = Duration.ofMinutes(1);
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(1);
    private static final long SECONDS_PER_DAY = 86_400;
    private static final String TEMPLATE = "/elasticsearch/prediction-log-template.json";
    /** What of a bulk answer is read (the client requires took, errors and each item's index and status). */
    private static final String BULK_ANSWER = "took,errors,items.*._index,items.*.status,items.*.error";
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchPredictionLog.class);

    private final ElasticsearchConnection connection;
    private final PredictionLogIndices indices;
    private final String clusterName;
    private final Duration retention;
    private final Clock clock;
    private final LongConsumer dropped;
    private final BulkIngester<Void> ingester;
    private final LogBuffer<PredictionRecord> buffer;
    private final PredictionLogDocuments documents;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("prediction-log-retention").daemon(true).factory());
    private volatile boolean templatePut;
    private long templateRetryAt;
    private volatile long failureLoggedAt;
    private long indexDay = Long.MIN_VALUE;
    private String indexName;

    /** @param dropped told how many entries were dropped (buffer full, or written but refused or failed) */
    public ElasticsearchPredictionLog(ElasticsearchConnection connection, String indexBase, String clusterName,
                                      Duration retention, Clock clock, LongConsumer dropped) {
        this(connection, indexBase, clusterName, retention, clock, dropped, BUFFER);
    }

    ElasticsearchPredictionLog(ElasticsearchConnection connection, String indexBase, String clusterName,
                               Duration retention, Clock clock, LongConsumer dropped, int bufferSize) {
        this.connection = connection;
        this.indices = new PredictionLogIndices(indexBase);
        this.clusterName = clusterName;
        this.documents = new PredictionLogDocuments(clusterName);
        this.retention = retention;
        this.clock = clock;
        this.dropped = dropped;
        // the answer to a bulk request names every entry: only what the listener reads keeps parsing it cheap
        ElasticsearchClient bulkClient = connection.bulkClient().withTransportOptions(
                connection.bulkClient()._transportOptions().with(options -> options.setParameter("filter_path", BULK_ANSWER)));
        this.ingester = BulkIngester.of(bulk -> bulk
                .client(bulkClient)
                .maxOperations(BULK_OPERATIONS)
                .maxConcurrentRequests(1)
                .flushInterval(FLUSH_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)
                .listener(new Outcome()));
        this.buffer = new LogBuffer<>("prediction-log", bufferSize, this::write, dropped);
        housekeeping.scheduleWithFixedDelay(() -> {
            deleteExpired();
            createTomorrowsIndex();
        }, 0, RETENTION_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void record(PredictionRecord prediction) {
        buffer.offer(prediction);
    }

    /** On the buffer's thread: put the template first, then hand the entry to the ingester (which may wait). */
    private void write(PredictionRecord prediction) {
        if (!templatePut && !putTemplate()) {
            dropped.accept(1);
            return;
        }
        BinaryData document = BinaryData.of(documents.write(prediction), ContentType.APPLICATION_JSON);
        String index = dailyIndex(prediction.predictedAt());
        ingester.add(operation -> operation.create(create -> create.index(index).document(document)));
    }

    /** The daily index of an entry made at {@code at}, its name made once a day (on the buffer's thread). */
    private String dailyIndex(Instant at) {
        long day = Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY);
        if (day != indexDay) {
            indexName = indices.daily(at);
            indexDay = day;
        }
        return indexName;
    }

    private boolean putTemplate() {
        long now = System.nanoTime();
        if (now - templateRetryAt < 0) {
            return false;
        }
        try (InputStream body = ElasticsearchPredictionLog.class.getResourceAsStream(TEMPLATE)) {
            if (body == null) {
                throw new IllegalStateException(TEMPLATE + " is not on the classpath");
            }
            connection.client().indices().putIndexTemplate(template -> template
                    .withJson(body)
                    .name(indices.templateName())
                    .indexPatterns(indices.pattern())
                    .composedOf(indices.customTemplateName())
                    .ignoreMissingComponentTemplates(indices.customTemplateName()));
            templatePut = true;
            LOG.info("Prediction log: index template '{}' for {} is in place", indices.templateName(), indices.pattern());
            // the housekeeping's first run (at start) came before the template and skipped tomorrow's index
            try {
                housekeeping.execute(this::createTomorrowsIndex);
            } catch (RejectedExecutionException closing) {
                // closed meanwhile: nothing to make ahead for
            }
            return true;
        } catch (IOException | RuntimeException e) {
            templateRetryAt = now + TEMPLATE_RETRY.toNanos();
            logFailure("could not put the index template '" + indices.templateName() + "'", e);
            return false;
        }
    }

    /** Counts what the ingester could not write. */
    private final class Outcome implements BulkListener<Void> {
        @Override
        public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, BulkResponse response) {
            if (response.errors()) {
                List<BulkResponseItem> failed = response.items().stream().filter(item -> item.error() != null).toList();
                dropped.accept(failed.size());
                if (!failed.isEmpty()) {
                    logFailure(failed.size() + " of " + response.items().size() + " entries were refused (first: "
                            + failed.getFirst().error().type() + ": " + failed.getFirst().error().reason() + ")", null);
                }
            }
        }

        @Override
        public void afterBulk(long executionId, BulkRequest request, List<Void> contexts, Throwable failure) {
            dropped.accept(request.operations().size());
            logFailure(request.operations().size() + " entries could not be written", failure);
        }
    }

    private void logFailure(String what, Throwable cause) {
        long now = System.nanoTime();
        if (failureLoggedAt == 0 || now - failureLoggedAt > FAILURE_LOG_EVERY.toNanos()) {
            failureLoggedAt = now;
            LOG.warn("Prediction log in Elasticsearch at {}: {}{}; such entries are dropped (counted in "
                    + "autoship_prediction_log_dropped_total), predictions are not affected", connection.url(), what,
                    cause == null ? "" : " (" + connection.tlsHint(cause).orElse(cause.toString()) + ")");
        }
    }

    /**
     * Makes tomorrow's daily index ahead of its first entry (every instance may: an index that exists is left alone).
     * Otherwise the first bulk request after midnight makes it, and while its shard is allocated (seconds on a busy
     * cluster) that request can outlast the timeout and the day's first entries are dropped. Only once the template
     * is in place, so that the index gets the log's mapping.
     */
    void createTomorrowsIndex() {
        if (!templatePut) {
            return;
        }
        String tomorrow = indices.daily(clock.instant().plus(Duration.ofDays(1)));
        try {
            if (!connection.client().indices().exists(exists -> exists.index(tomorrow)).value()) {
                connection.client().indices().create(create -> create.index(tomorrow));
                LOG.info("Prediction log: made tomorrow's daily index '{}' ahead of its first entry", tomorrow);
            }
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                LOG.warn("Prediction log: could not make tomorrow's index '{}' ahead ({}); its first entry will",
                        tomorrow, e.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Prediction log: could not make tomorrow's index '{}' ahead ({}); its first entry will", tomorrow,
                    e.toString());
        }
    }

    /** Deletes the daily indices older than the retention (every instance may: deleting is idempotent). */
    void deleteExpired() {
        try {
            List<String> existing = connection.client().indices().resolveIndex(resolve -> resolve
                            .name(indices.pattern()).allowNoIndices(true).ignoreUnavailable(true))
                    .indices().stream().map(ResolveIndexItem::name).toList();
            List<String> expired = indices.expired(existing, clock.instant(), retention);
            if (!expired.isEmpty()) {
                connection.client().indices().delete(delete -> delete.index(expired).ignoreUnavailable(true));
                LOG.info("Prediction log: deleted {} daily indices older than {}: {}", expired.size(), retention, expired);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Prediction log: could not delete daily indices older than {} ({}); trying again in {}", retention,
                    e.toString(), RETENTION_EVERY);
        }
    }

    @Override
    public Map<String, PredictionRecord> latestByOrder(String customerId, Collection<String> orderIds, Instant since) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        List<FieldValue> orders = orderIds.stream().map(FieldValue::of).toList();
        try {
            SearchResponse<ObjectNode> found = connection.client().search(search -> search
                    .index(indices.covering(since, clock.instant()))
                    .ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .size(orderIds.size())
                    .trackTotalHits(track -> track.enabled(false))
                    .query(query -> query.bool(bool -> bool
                            .filter(filter -> filter.term(term -> term.field("clusterName").value(clusterName)))
                            .filter(filter -> filter.term(term -> term.field("customerId").value(customerId)))
                            .filter(filter -> filter.terms(terms -> terms.field("orderId").terms(values -> values.value(orders))))
                            .filter(filter -> filter.range(range -> range.date(date -> date
                                    .field("predictedAt").gte(since.toString()))))))
                    // the latest prediction of each order counts
                    .collapse(collapse -> collapse.field("orderId"))
                    .sort(sort -> sort.field(field -> field.field("predictedAt").order(SortOrder.Desc))),
                    ObjectNode.class);
            Map<String, PredictionRecord> latest = new HashMap<>();
            for (Hit<ObjectNode> hit : found.hits().hits()) {
                PredictionLogDocuments.read(hit.source()).ifPresent(prediction -> latest.putIfAbsent(prediction.orderId(), prediction));
            }
            return latest;
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Counts count(String customerId, Instant modelTrainedAt, Instant since) {
        try {
            SearchResponse<Void> found = connection.client().search(search -> search
                    .index(indices.covering(since, clock.instant()))
                    .ignoreUnavailable(true)
                    .allowNoIndices(true)
                    .size(0)
                    .trackTotalHits(track -> track.enabled(true))
                    .query(query -> query.bool(bool -> bool
                            .filter(filter -> filter.term(term -> term.field("clusterName").value(clusterName)))
                            .filter(filter -> filter.term(term -> term.field("customerId").value(customerId)))
                            .filter(filter -> filter.range(range -> range.date(date -> date
                                    .field("predictedAt").gte(since.toString()))))))
                    .aggregations("ofModel", aggregation -> aggregation.filter(filter -> filter.term(term -> term
                            .field("modelTrainedAt").value(modelTrainedAt.toString())))),
                    Void.class);
            long all = found.hits().total() == null ? 0 : found.hits().total().value();
            // no daily index yet: Elasticsearch answers without the aggregation
            Aggregate ofModel = found.aggregations().get("ofModel");
            return new Counts(all, ofModel == null ? 0 : ofModel.filter().docCount());
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private PredictionLogUnavailableException unavailable(Exception e) {
        return new PredictionLogUnavailableException("the prediction log in Elasticsearch at " + connection.url()
                + " could not be read (" + connection.tlsHint(e).orElse(e.toString()) + ")", e);
    }

    /**
     * Entries still buffered get up to the connection's timeout to be handed to the ingester, which then gets as long
     * again to write what it holds; what is left is counted as dropped.
     */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        buffer.close(connection.timeout());
        // BulkIngester.close waits without a bound for its requests in flight, and its flushes waiting at once can
        // miss their wake-up (it signals one waiter per completed request), so it gets a thread of its own and a limit
        Thread closing = Thread.ofPlatform().name("prediction-log-close").daemon(true).start(() -> {
            try {
                ingester.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the prediction log's bulk ingester failed", e);
            }
        });
        try {
            closing.join(connection.timeout().plus(CLOSE_MARGIN));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closing.isAlive()) {
            int left = ingester.pendingOperations();
            dropped.accept(left);
            LOG.warn("Prediction log: Elasticsearch at {} did not take the last entries within {}; {} entries not sent are "
                    + "dropped", connection.url(), connection.timeout().plus(CLOSE_MARGIN), left);
        }
    }

    int buffered() {
        return buffer.size();
    }
}
