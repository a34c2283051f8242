package dev.autoship.predictor.history;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch._types.FieldSortNumericType;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.config.PredictorSettings.ElasticsearchSettings;
import dev.autoship.predictor.order.InvalidOrderException;
import dev.autoship.predictor.order.OrderJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shipment history from Elasticsearch: the customer's shipments inside the window, newest first, read in
 * pages with {@code search_after} on (shippedAt desc, orderId asc) so large histories never page with
 * from/size. The configured timeout bounds the whole read (connect, wait for a connection, every page).
 * <p>
 * Each hit's whole {@code _source} is read while the index's documents are lean: Elasticsearch's source filtering
 * parses and rewrites every document on the shard's one fetch thread, which cost more than the bytes it saves
 * (2,700 documents of the contract's fields: {@code took} 50 against 25 ms). Documents averaging more than
 * {@link #LEAN_DOCUMENT_BYTES} (shops' documents carrying items, addresses, labels) are read filtered to
 * {@link #SOURCE_FIELDS}; the first read looks at a few documents of the index to decide.
 */
public final class ElasticsearchHistory implements HistorySource {

    /** Up to the default index.max_result_window (10,000): one round trip for the default AUTOSHIP_MAX_EXAMPLES. */
    static final int PAGE_SIZE = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchHistory.class);
    private static final Duration REFUSAL_LOG_EVERY = Duration.ofMinutes(1);
    /** The fields of a shipment document that {@link ShipmentDocument} reads (the time comes from the sort). */
    static final List<String> SOURCE_FIELDS = List.of("orderId", "order.weightOz", "order.lengthIn",
            "order.widthIn", "order.heightIn", "order.orderTotal", "order.itemCount", "order.store",
            "order.requestedService", "order.shipTo.country", "order.shipTo.state", "order.shipTo.postalCode",
            "order.shipTo.residential", "shipment.carrier", "shipment.service", "shipment.packaging");

    /**
     * Documents averaging more bytes than this are read filtered: the contract's fields take about 500; at 1.3 and
     * 2 KB the whole source was no faster than the filtered one and moved 2.6 and 4 times the bytes.
     */
    static final int LEAN_DOCUMENT_BYTES = 1024;
    /** How many documents of the index the first read looks at to judge their size. */
    static final int SAMPLED_DOCUMENTS = 20;

    private final ElasticsearchConnection connection;
    private final ObjectMapper json = new ObjectMapper();
    /** Whether reads take whole sources; empty until a read has seen documents of the index. */
    private volatile Optional<Boolean> wholeSources = Optional.empty();
    /** The fields reads match customers and break sort ties on; empty until the index has a mapping for them. */
    private volatile Optional<HistoryFields> fields = Optional.empty();
    private final String index;
    private final int pageSize;
    private final String url;
    private final long timeoutMillis;
    private volatile long refusalLoggedAt;

    public ElasticsearchHistory(ElasticsearchSettings settings) {
        this(settings, PAGE_SIZE);
    }

    ElasticsearchHistory(ElasticsearchSettings settings, int pageSize) {
        this(new ElasticsearchConnection(settings), settings.index(), pageSize);
    }

    /** History read through a connection other parts share; closing the history closes the connection. */
    public ElasticsearchHistory(ElasticsearchConnection connection, String index) {
        this(connection, index, PAGE_SIZE);
    }

    private ElasticsearchHistory(ElasticsearchConnection connection, String index, int pageSize) {
        this.connection = connection;
        this.index = index;
        this.pageSize = pageSize;
        this.url = connection.url();
        this.timeoutMillis = connection.timeout().toMillis();
    }

    @Override
    public List<Shipment> recentShipments(String customerId, Instant since, int max) {
        List<Shipment> shipments = new ArrayList<>(Math.min(max, pageSize));
        List<FieldValue> after = null;
        DocumentTally tally = new DocumentTally();
        // the timeout bounds the whole read, not each page: every page gets what is left of it
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try {
            while (shipments.size() < max) {
                int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (deadline - System.nanoTime() <= 0) {
                    throw new HistoryUnavailableException("Elasticsearch at " + url + " did not deliver the history of "
                            + customerId + " within " + timeoutMillis + " ms", null);
                }
                ElasticsearchClient bounded = connection.client(left);
                int size = Math.min(pageSize, max - shipments.size());
                List<FieldValue> searchAfter = after;
                boolean whole = wholeSources(bounded);
                HistoryFields names = fields(bounded);
                SearchResponse<ShipmentDocument> page = bounded.search(search -> {
                    search.index(index)
                            .size(size)
                            .trackTotalHits(track -> track.enabled(false))
                            .source(source -> whole ? source.fetch(true)
                                    : source.filter(filter -> filter.includes(SOURCE_FIELDS)))
                            // a history missing some shards' shipments would be trained on and cached for a day
                            .allowPartialSearchResults(false)
                            .query(query -> query.bool(bool -> bool
                                    .filter(filter -> filter.term(term -> term.field(names.customerId()).value(customerId)))
                                    .filter(filter -> filter.range(range -> range.date(date -> date
                                            .field("shippedAt").gte(since.toString()))))))
                            .sort(sort -> sort.field(field -> field.field("shippedAt").order(SortOrder.Desc)
                                    .numericType(FieldSortNumericType.Date)))
                            .sort(sort -> sort.field(field -> field.field(names.orderId()).order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        search.searchAfter(searchAfter);
                    }
                    return search;
                }, ShipmentDocument.class);
                List<Hit<ShipmentDocument>> hits = page.hits().hits();
                tally.add(customerId, hits, shipments);
                if (hits.size() < size) {
                    break;
                }
                after = hits.getLast().sort();
            }
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                LOG.warn("Elasticsearch index '{}' does not exist; customer '{}' has no history", index, customerId);
                return List.of();
            }
            throw refused(e);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        tally.log(customerId);
        return shipments;
    }

    @Override
    public ShipmentPage shipmentsAfter(String customerId, ShipmentPosition after, Instant until, int max) {
        try {
            boolean whole = wholeSources(connection.client());
            HistoryFields names = fields(connection.client());
            SearchResponse<ShipmentDocument> page = connection.client().search(search -> search.index(index)
                    .size(max)
                    .trackTotalHits(track -> track.enabled(false))
                    .source(source -> whole ? source.fetch(true) : source.filter(filter -> filter.includes(SOURCE_FIELDS)))
                    .allowPartialSearchResults(false)
                    .query(query -> query.bool(bool -> bool
                            .filter(filter -> filter.term(term -> term.field(names.customerId()).value(customerId)))
                            .filter(filter -> filter.range(range -> range.date(date -> date
                                    .field("shippedAt").lte(until.toString()))))))
                    .sort(sort -> sort.field(field -> field.field("shippedAt").order(SortOrder.Asc)
                            .numericType(FieldSortNumericType.Date)))
                    .sort(sort -> sort.field(field -> field.field(names.orderId()).order(SortOrder.Asc)))
                    .searchAfter(FieldValue.of(after.shippedAt().toEpochMilli()), FieldValue.of(after.orderId())),
                    ShipmentDocument.class);
            List<Hit<ShipmentDocument>> hits = page.hits().hits();
            List<Shipment> shipments = new ArrayList<>(hits.size());
            DocumentTally tally = new DocumentTally();
            tally.add(customerId, hits, shipments);
            tally.log(customerId);
            ShipmentPosition end = hits.isEmpty() ? after : new ShipmentPosition(
                    Instant.ofEpochMilli(hits.getLast().sort().get(0).longValue()), hits.getLast().sort().get(1).stringValue());
            return new ShipmentPage(shipments, end, hits.size() == max);
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return new ShipmentPage(List.of(), after, false);
            }
            throw refused(e);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    /**
     * Customers with at least {@code minShipments} shipments since {@code since}, the busiest {@code max} of them
     * (a terms aggregation on customerId), for the {@code evaluate} command; empty when the index does not exist.
     *
     * @throws HistoryUnavailableException when Elasticsearch cannot be read
     */
    @Override
    public List<String> someCustomers(Instant since, int minShipments, int max) {
        return customersWithHistory(since, minShipments, max);
    }

    /**
     * The newest {@code sampled} shipments (sorted by {@code shippedAt}, so Elasticsearch skips documents that cannot
     * be among them), each read for its {@code customerId} doc value only, counted per customer.
     */
    @Override
    public List<String> busiestRecently(Instant since, int sampled, int max) {
        return listOrNone(() -> {
            String customerField = fields(connection.client((int) timeoutMillis)).customerId();
            SearchResponse<Void> response = connection.client((int) timeoutMillis).search(search -> search
                    .index(index)
                    .size(sampled)
                    .trackTotalHits(track -> track.enabled(false))
                    .source(source -> source.fetch(false))
                    .docvalueFields(field -> field.field(customerField))
                    .query(query -> query.range(range -> range.date(date -> date.field("shippedAt").gte(since.toString()))))
                    .sort(sort -> sort.field(field -> field.field("shippedAt").order(SortOrder.Desc))), Void.class);
            Map<String, Integer> shipments = new HashMap<>();
            for (Hit<Void> hit : response.hits().hits()) {
                JsonData customerId = hit.fields().get(customerField);
                if (customerId != null && customerId.toJson() instanceof JsonArray values && !values.isEmpty()
                        && values.get(0) instanceof JsonString value) {
                    shipments.merge(value.getString(), 1, Integer::sum);
                }
            }
            return HistorySource.busiestFirst(shipments, max);
        });
    }

    public List<String> customersWithHistory(Instant since, int minShipments, int max) {
        return listOrNone(() -> {
            String customerField = fields(connection.client((int) timeoutMillis)).customerId();
            SearchResponse<Void> response = connection.client((int) timeoutMillis).search(search -> search
                    .index(index)
                    .size(0)
                    .allowPartialSearchResults(false)
                    .query(query -> query.range(range -> range.date(date -> date.field("shippedAt").gte(since.toString()))))
                    .aggregations("customers", aggregation -> aggregation.terms(terms -> terms
                            .field(customerField).size(max).minDocCount(minShipments))), Void.class);
            return response.aggregations().get("customers").sterms().buckets().array().stream()
                    .map(bucket -> bucket.key().stringValue()).toList();
        });
    }

    /** A search of the index whose answer is a list: none when the index does not exist. */
    private List<String> listOrNone(Search<List<String>> search) {
        try {
            return search.run();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw refused(e);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
    }

    @FunctionalInterface
    private interface Search<T> {
        T run() throws IOException;
    }

    /**
     * Whether documents of the index are lean enough to read whole (see {@link #LEAN_DOCUMENT_BYTES}): decided once,
     * from the first documents of the index (until the index has some, reads take whole sources).
     */
    private boolean wholeSources(ElasticsearchClient client) throws IOException {
        Optional<Boolean> decided = wholeSources;
        if (decided.isPresent()) {
            return decided.get();
        }
        List<Hit<ObjectNode>> sample = client.search(search -> search.index(index).size(SAMPLED_DOCUMENTS)
                .trackTotalHits(track -> track.enabled(false)), ObjectNode.class).hits().hits();
        long bytes = 0;
        for (Hit<ObjectNode> hit : sample) {
            bytes += hit.source() == null ? 0 : json.writeValueAsBytes(hit.source()).length;
        }
        if (sample.isEmpty()) {
            return true;
        }
        boolean whole = bytes / sample.size() <= LEAN_DOCUMENT_BYTES;
        if (!whole) {
            LOG.info("Documents of index '{}' average {} bytes: history reads take only the {} fields training uses",
                    index, bytes / sample.size(), SOURCE_FIELDS.size());
        }
        wholeSources = Optional.of(whole);
        return whole;
    }

    /** The index's fields for customers and tie-breaks ({@link HistoryFields}): looked up once it has a mapping. */
    private HistoryFields fields(ElasticsearchClient client) throws IOException {
        Optional<HistoryFields> decided = fields;
        if (decided.isPresent()) {
            return decided.get();
        }
        Optional<HistoryFields> found = HistoryFields.of(client, index);
        found.ifPresent(names -> fields = Optional.of(names));
        return found.orElse(HistoryFields.CONTRACT);
    }

    /** Whether reads take each document's whole source (empty: not decided yet). */
    Optional<Boolean> readsWholeSources() {
        return wholeSources;
    }

    /**
     * Turns hits into shipments, counting the documents skipped and those read without some values, for one log
     * line per read each (a shop whose every document has the same flaw would otherwise log thousands).
     */
    private static final class DocumentTally {
        private int skipped;
        private int partial;
        private String firstSkipped;
        private String firstPartial;

        void add(String customerId, List<Hit<ShipmentDocument>> hits, List<Shipment> shipments) {
            for (Hit<ShipmentDocument> hit : hits) {
                ShipmentDocument document = hit.source() != null ? hit.source()
                        : new ShipmentDocument.Malformed("document has no source");
                switch (document) {
                    case ShipmentDocument.Readable readable -> {
                        // the time as Elasticsearch parsed it: every history query sorts by shippedAt first
                        shipments.add(readable.shipment(customerId, Instant.ofEpochMilli(hit.sort().getFirst().longValue())));
                        if (!readable.unusable().isEmpty() && partial++ == 0) {
                            firstPartial = hit.id() + ": " + String.join(", ", readable.unusable());
                        }
                    }
                    case ShipmentDocument.Malformed malformed -> {
                        if (skipped++ == 0) {
                            firstSkipped = hit.id() + ": " + malformed.reason();
                        }
                    }
                }
            }
        }

        void log(String customerId) {
            if (skipped > 0) {
                LOG.warn("Skipped {} shipment documents of customer '{}' that cannot be trained on (first {})", skipped,
                        customerId, firstSkipped);
            }
            if (partial > 0) {
                LOG.warn("Read {} shipment documents of customer '{}' without values training cannot use (first {})",
                        partial, customerId, firstPartial);
            }
        }
    }

    /**
     * A query Elasticsearch refused: a setting, a mapping or the credentials' privileges, not an outage, so the reason
     * is logged (at most once a minute: every cold customer meets it) for whoever runs the predictor. The answer to
     * the client names the cause's type only; its reason can name users, roles and indices.
     */
    private HistoryUnavailableException refused(ElasticsearchException e) {
        ErrorCause cause = rootCause(e.error());
        long now = System.nanoTime();
        long logged = refusalLoggedAt;
        if (logged == 0 || now - logged > REFUSAL_LOG_EVERY.toNanos()) {
            refusalLoggedAt = now;
            LOG.warn("Elasticsearch at {} refused a history query of index '{}' ({} {}: {}: {}); customers without a "
                    + "cached model get 503 history_unavailable until the index, its settings or the credentials' "
                    + "privileges are fixed", url, index, e.status(),
                    e.error().type(), cause.type(), cause.reason());
        }
        String because = cause.type().equals(e.error().type()) ? "" : ", caused by " + cause.type();
        return new HistoryUnavailableException("Elasticsearch at " + url + " refused the history query ("
                + e.status() + " " + e.error().type() + because + ")", e);
    }

    /** What an error's root causes say first (a search's "all shards failed" says why in its root cause). */
    private static ErrorCause rootCause(ErrorCause error) {
        return error.rootCause().isEmpty() ? error : error.rootCause().getFirst();
    }

    private HistoryUnavailableException unreadable(Exception e) {
        Optional<String> tlsHint = connection.tlsHint(e);
        tlsHint.ifPresent(hint -> LOG.warn("Elasticsearch at {} cannot be read: {}", url, hint));
        return new HistoryUnavailableException("Elasticsearch at " + url + " could not be read ("
                + (tlsHint.isPresent() ? "TLS handshake failed: certificate not trusted" : e.getClass().getSimpleName())
                + ")", e);
    }

    /**
     * A shipment document by the API's strict rules (every value of the right type, {@code shippedAt} ISO-8601 with
     * an offset), for shipments handed to the embedded mode: a bad one is refused with the field it names. Documents
     * read from Elasticsearch are read by its own rules instead ({@link ShipmentDocument}).
     */
    public static Shipment shipment(String customerId, ObjectNode document) {
        if (document == null) {
            throw new InvalidOrderException("document has no source");
        }
        String orderId = OrderJson.requiredText(document, "document", "orderId");
        Instant shippedAt = OffsetDateTime.parse(OrderJson.requiredText(document, "document", "shippedAt")).toInstant();
        JsonNode shipment = document.get("shipment");
        OrderJson.requireObject(shipment, "shipment");
        return new Shipment(customerId, shippedAt, OrderJson.read(document.get("order"), "order", orderId),
                new ShipmentChoice(
                        OrderJson.requiredText(shipment, "shipment", "carrier"),
                        OrderJson.requiredText(shipment, "shipment", "service"),
                        OrderJson.requiredText(shipment, "shipment", "packaging")));
    }

    @Override
    public void close() {
        connection.close();
    }
}
