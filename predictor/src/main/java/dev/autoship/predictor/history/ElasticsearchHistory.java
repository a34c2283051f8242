package dev.autoship.predictor.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.config.EnvironmentVariable;
import dev.autoship.predictor.config.PredictorSettings.ElasticsearchSettings;
import dev.autoship.predictor.order.InvalidOrderException;
import dev.autoship.predictor.order.OrderJson;
import dev.autoship.predictor.tls.TrustedCertificates;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.message.BasicHeader;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
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
    private final ObjectMapper json = new ObjectMapper();
    private final String index;
    private final String searchPath;
    private final int pageSize;
    private final String url;
    private final long timeoutMillis;
    private final TrustedCertificates trust;

    public ElasticsearchHistory(ElasticsearchSettings settings) {
        this(settings, PAGE_SIZE);
    }

    ElasticsearchHistory(ElasticsearchSettings settings, int pageSize) {
        this.index = settings.index();
        this.searchPath = "/" + URLEncoder.encode(index, StandardCharsets.UTF_8) + "/_search";
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
        JsonNode after = null;
        int skipped = 0;
        // the timeout bounds the whole read, not each page: every page gets what is left of it
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        try {
            while (shipments.size() < max) {
                long leftNanos = deadline - System.nanoTime();
                if (leftNanos <= 0) {
                    throw new HistoryUnavailableException("Elasticsearch at " + url + " did not deliver the history of "
                            + customerId + " within " + timeoutMillis + " ms", null);
                }
                int size = Math.min(pageSize, max - shipments.size());
                Request request = new Request("POST", searchPath);
                request.addParameter("filter_path", "hits.hits._id,hits.hits._source,hits.hits.sort");
                // a history missing some shards' shipments would be trained on and cached for a day: fail instead
                request.addParameter("allow_partial_search_results", "false");
                request.setEntity(new ByteArrayEntity(json.writeValueAsBytes(query(customerId, since, size, after)),
                        ContentType.APPLICATION_JSON));
                request.setOptions(withTimeout((int) Math.max(1, leftNanos / 1_000_000)));
                SearchPage page;
                try (InputStream answer = restClient.performRequest(request).getEntity().getContent()) {
                    page = SearchPage.read(answer, json);
                }
                for (SearchPage.Hit hit : page.hits()) {
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
                if (page.hits().size() < size || page.afterLast().isEmpty()) {
                    break;
                }
                after = page.afterLast().get();
            }
        } catch (ResponseException e) {
            int status = e.getResponse().getStatusLine().getStatusCode();
            if (status == 404) {
                LOG.warn("Elasticsearch index '{}' does not exist; customer '{}' has no history", index, customerId);
                return List.of();
            }
            throw new HistoryUnavailableException("Elasticsearch at " + url + " refused the history query ("
                    + status + " " + errorType(e) + ")", e);
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
     * One page of the customer's shipments inside the window, newest first; (shippedAt, orderId) is a total
     * order, so {@code search_after} with the previous page's last sort values continues exactly where it ended.
     */
    private ObjectNode query(String customerId, Instant since, int size, JsonNode after) {
        ObjectNode query = json.createObjectNode();
        query.put("size", size);
        query.put("track_total_hits", false);
        ArrayNode filters = query.putObject("query").putObject("bool").putArray("filter");
        filters.addObject().putObject("term").put("customerId", customerId);
        filters.addObject().putObject("range").putObject("shippedAt").put("gte", since.toString());
        ArrayNode sort = query.putArray("sort");
        sort.addObject().put("shippedAt", "desc");
        sort.addObject().put("orderId", "asc");
        if (after != null) {
            query.set("search_after", after);
        }
        return query;
    }

    /** Elasticsearch's error type from a refusal's body ({@code error.type}), or "unknown error". */
    private String errorType(ResponseException e) {
        try {
            HttpEntity entity = e.getResponse().getEntity();
            if (entity != null) {
                String type = json.readTree(EntityUtils.toByteArray(entity)).path("error").path("type").asText("");
                if (!type.isEmpty()) {
                    return type;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            LOG.debug("Elasticsearch's refusal has no readable error body", unreadable);
        }
        return "unknown error";
    }

    /** The default request options with every timeout set to {@code millis}. */
    private static RequestOptions withTimeout(int millis) {
        return RequestOptions.DEFAULT.toBuilder()
                .setRequestConfig(RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
                        .setConnectionRequestTimeout(millis).build())
                .build();
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
