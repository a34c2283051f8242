package dev.autoship.predictor.history;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.config.EnvironmentVariable;
import dev.autoship.predictor.config.PredictorSettings.ElasticsearchSettings;
import dev.autoship.predictor.order.InvalidOrderException;
import dev.autoship.predictor.order.OrderJson;
import dev.autoship.predictor.tls.TrustedCertificates;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Shipment history from Elasticsearch: the customer's shipments inside the window, newest first, read in
 * pages with {@code search_after} on (shippedAt desc, orderId asc) so large histories never page with
 * from/size. The configured timeout bounds the whole read (connect, wait for a connection, every page).
 */
public final class ElasticsearchHistory implements HistorySource {

    /** Up to the default index.max_result_window (10,000): one round trip for the default AUTOSHIP_MAX_EXAMPLES. */
    static final int PAGE_SIZE = 5000;
    /** Connections to Elasticsearch at most: history reads of many customers run at once (none holds a training thread). */
    static final int MAX_CONNECTIONS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchHistory.class);

    private final RestClient restClient;
    private final ElasticsearchClient client;
    private final String index;
    private final int pageSize;
    private final String url;
    private final long timeoutMillis;
    private final TrustedCertificates trust;

    public ElasticsearchHistory(ElasticsearchSettings settings) {
        this(settings, PAGE_SIZE);
    }

    ElasticsearchHistory(ElasticsearchSettings settings, int pageSize) {
        this.index = settings.index();
        this.pageSize = pageSize;
        this.url = settings.url().toString();
        this.trust = settings.trust();
        int timeoutMillis = (int) Math.max(1, settings.timeout().toMillis());
        this.timeoutMillis = timeoutMillis;
        RestClientBuilder builder = RestClient.builder(HttpHost.create(settings.url().toString()))
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout(timeoutMillis)
                        .setSocketTimeout(timeoutMillis)
                        .setConnectionRequestTimeout(timeoutMillis));
        // credentials go in a default header: Apache's auth cache would Java-serialize auth schemes
        authorization(settings).ifPresent(value ->
                builder.setDefaultHeaders(new Header[]{new BasicHeader("Authorization", value)}));
        boolean tls = "https".equalsIgnoreCase(settings.url().getScheme());
        builder.setHttpClientConfigCallback(http -> {
            http.disableAuthCaching();
            http.setMaxConnPerRoute(MAX_CONNECTIONS).setMaxConnTotal(MAX_CONNECTIONS);
            if (tls) {
                http.setSSLContext(settings.trust().sslContext());
            }
            return http;
        });
        this.restClient = builder.build();
        this.client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper(new ObjectMapper())));
    }

    /** API key wins over basic auth; neither set means no credentials. */
    static Optional<String> authorization(ElasticsearchSettings settings) {
        if (settings.apiKey().isPresent()) {
            return Optional.of("ApiKey " + settings.apiKey().get());
        }
        return settings.username().map(user -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + settings.password().orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public List<Shipment> recentShipments(String customerId, Instant since, int max) {
        List<Shipment> shipments = new ArrayList<>(Math.min(max, pageSize));
        List<FieldValue> after = null;
        int skipped = 0;
        // the timeout bounds the whole read, not each page: every page gets what is left of it
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try {
            while (shipments.size() < max) {
                int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                if (deadline - System.nanoTime() <= 0) {
                    throw new HistoryUnavailableException("Elasticsearch at " + url + " did not deliver the history of "
                            + customerId + " within " + timeoutMillis + " ms", null);
                }
                ElasticsearchClient bounded = client.withTransportOptions(withTimeout(left));
                int size = Math.min(pageSize, max - shipments.size());
                List<FieldValue> searchAfter = after;
                SearchResponse<ObjectNode> page = bounded.search(search -> {
                    search.index(index)
                            .size(size)
                            .trackTotalHits(track -> track.enabled(false))
                            // a history missing some shards' shipments would be trained on and cached for a day
                            .allowPartialSearchResults(false)
                            .query(query -> query.bool(bool -> bool
                                    .filter(filter -> filter.term(term -> term.field("customerId").value(customerId)))
                                    .filter(filter -> filter.range(range -> range.date(date -> date
                                            .field("shippedAt").gte(since.toString()))))))
                            .sort(sort -> sort.field(field -> field.field("shippedAt").order(SortOrder.Desc)))
                            .sort(sort -> sort.field(field -> field.field("orderId").order(SortOrder.Asc)));
                    if (searchAfter != null) {
                        search.searchAfter(searchAfter);
                    }
                    return search;
                }, ObjectNode.class);
                List<Hit<ObjectNode>> hits = page.hits().hits();
                for (Hit<ObjectNode> hit : hits) {
                    try {
                        shipments.add(shipment(customerId, hit.source()));
                    } catch (InvalidOrderException | DateTimeParseException e) {
                        skipped++;
                        if (skipped == 1) {
                            LOG.warn("Skipping malformed shipment document {} of customer '{}': {}", hit.id(), customerId,
                                    e.getMessage());
                        }
                    }
                }
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
            throw new HistoryUnavailableException("Elasticsearch at " + url + " refused the history query ("
                    + e.status() + " " + e.error().type() + ")", e);
        } catch (IOException | RuntimeException e) {
            Optional<String> tlsHint = trust.handshakeHint(e, EnvironmentVariable.AUTOSHIP_TRUSTED_CA_FILE.name());
            tlsHint.ifPresent(hint -> LOG.warn("Elasticsearch at {} cannot be read: {}", url, hint));
            throw new HistoryUnavailableException("Elasticsearch at " + url + " could not be read ("
                    + (tlsHint.isPresent() ? "TLS handshake failed: certificate not trusted" : e.getClass().getSimpleName())
                    + ")", e);
        }
        if (skipped > 0) {
            LOG.warn("Skipped {} malformed shipment documents of customer '{}'", skipped, customerId);
        }
        return shipments;
    }

    /**
     * Customers with at least {@code minShipments} shipments since {@code since}, the busiest {@code max} of them
     * (a terms aggregation on customerId), for the {@code evaluate} command; empty when the index does not exist.
     *
     * @throws HistoryUnavailableException when Elasticsearch cannot be read
     */
    public List<String> customersWithHistory(Instant since, int minShipments, int max) {
        try {
            SearchResponse<Void> response = client.withTransportOptions(withTimeout((int) timeoutMillis)).search(search -> search
                    .index(index)
                    .size(0)
                    .allowPartialSearchResults(false)
                    .query(query -> query.range(range -> range.date(date -> date.field("shippedAt").gte(since.toString()))))
                    .aggregations("customers", aggregation -> aggregation.terms(terms -> terms
                            .field("customerId").size(max).minDocCount(minShipments))), Void.class);
            return response.aggregations().get("customers").sterms().buckets().array().stream()
                    .map(bucket -> bucket.key().stringValue()).toList();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw new HistoryUnavailableException("Elasticsearch at " + url + " refused the customer query ("
                    + e.status() + " " + e.error().type() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new HistoryUnavailableException("Elasticsearch at " + url + " could not be read ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The client's own request options with every timeout set to {@code millis}. */
    private RestClientOptions withTimeout(int millis) {
        RestClientOptions base = client._transportOptions() instanceof RestClientOptions options
                ? options : new RestClientOptions(RequestOptions.DEFAULT, false);
        return new RestClientOptions(base.restClientRequestOptions().toBuilder()
                .setRequestConfig(RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
                        .setConnectionRequestTimeout(millis).build())
                .build(), base.keepResponseBodyOnException());
    }

    static Shipment shipment(String customerId, ObjectNode document) {
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
        try {
            restClient.close();
        } catch (IOException e) {
            LOG.debug("Closing the Elasticsearch client failed", e);
        }
    }
}
