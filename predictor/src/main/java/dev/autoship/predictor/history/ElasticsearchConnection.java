package dev.autoship.predictor.history;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.transport.rest_client.RestClientHttpClient;
import co.elastic.clients.transport.rest_client.RestClientOptions;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.config.EnvironmentVariable;
import dev.autoship.predictor.config.PredictorSettings.ElasticsearchSettings;
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
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * The Elasticsearch cluster the history lives in (and the prediction log beside it): one client with the
 * configured credentials, trust and timeout (connect, wait for a pooled connection, socket), shared by every
 * part that reads or writes there.
 */
public final class ElasticsearchConnection implements AutoCloseable {

    /** Connections to Elasticsearch at most: history reads of many customers run at once (none holds a training thread). */
    static final int MAX_CONNECTIONS = 64;
    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchConnection.class);

    private final RestClient restClient;
    private final ElasticsearchClient client;
    private final ElasticsearchClient bulkClient;
    private final String url;
    private final Duration timeout;
    private final TrustedCertificates trust;

    public ElasticsearchConnection(ElasticsearchSettings settings) {
        this.url = settings.url().toString();
        this.trust = settings.trust();
        int timeoutMillis = (int) Math.max(1, settings.timeout().toMillis());
        this.timeout = Duration.ofMillis(timeoutMillis);
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
        JacksonJsonpMapper mapper = new JacksonJsonpMapper(new ObjectMapper());
        this.client = new ElasticsearchClient(new RestClientTransport(restClient, mapper));
        this.bulkClient = new ElasticsearchClient(new BulkTransport(new OneBufferBodies(new RestClientHttpClient(restClient)),
                mapper));
    }

    /** API key wins over basic auth; neither set means no credentials. */
    static Optional<String> authorization(ElasticsearchSettings settings) {
        if (settings.apiKey().isPresent()) {
            return Optional.of("ApiKey " + settings.apiKey().get());
        }
        return settings.username().map(user -> "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + settings.password().orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    /** The client; every request it sends is bounded by {@link #timeout()}. */
    public ElasticsearchClient client() {
        return client;
    }

    /**
     * A client for large bodies (bulk requests): each body goes out as one buffer (see {@link OneBufferBodies}); the
     * same connections, credentials and timeouts as {@link #client()}.
     */
    public ElasticsearchClient bulkClient() {
        return bulkClient;
    }

    /** The transport of {@link #bulkClient()}. */
    private static final class BulkTransport extends ElasticsearchTransportBase {
        BulkTransport(TransportHttpClient httpClient, JacksonJsonpMapper mapper) {
            super(httpClient, null, mapper);
        }
    }

    /** The client with every timeout of its requests set to {@code millis} (what is left of a longer operation's). */
    public ElasticsearchClient client(int millis) {
        RestClientOptions base = client._transportOptions() instanceof RestClientOptions options
                ? options : new RestClientOptions(RequestOptions.DEFAULT, false);
        return client.withTransportOptions(new RestClientOptions(base.restClientRequestOptions().toBuilder()
                .setRequestConfig(RequestConfig.custom().setConnectTimeout(millis).setSocketTimeout(millis)
                        .setConnectionRequestTimeout(millis).build())
                .build(), base.keepResponseBodyOnException()));
    }

    public String url() {
        return url;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Why a call failed, in words for a log line: the TLS hint when the server's certificate is not trusted. */
    public Optional<String> tlsHint(Throwable failure) {
        return trust.handshakeHint(failure, EnvironmentVariable.AUTOSHIP_TRUSTED_CA_FILE.name());
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
