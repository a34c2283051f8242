package dev.autoship.predictor.tls;

import dev.autoship.predictor.backends.RealBackends;
import dev.autoship.predictor.backends.ShipmentDocuments;
import dev.autoship.predictor.cache.RedisCalls;
import dev.autoship.predictor.cache.RedisSharedModelCache;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.ElasticsearchHistory;
import dev.autoship.predictor.history.HistoryUnavailableException;
import dev.autoship.predictor.logs.CapturedLogs;
import dev.autoship.testing.ElasticsearchNode;
import dev.autoship.testing.ShipmentIndex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * AUTOSHIP_TRUSTED_CA_FILE against real TLS servers with a CA made by the test: Redis on its own TLS port, and
 * Elasticsearch behind a TLS-terminating proxy (its test distribution cannot serve TLS itself).
 */
@ExtendWith(RealBackends.class)
class TrustedCaIT {

    private static final String INDEX = "shipments-tls";
    private static final String CUSTOMER = "tls-customer";
    private static final int SHIPMENTS = 60;

    @TempDir
    static Path directory;

    private static final TestCertificateAuthority SERVERS_CA = new TestCertificateAuthority("autoship-test-ca");
    private static final TestCertificateAuthority OTHER_CA = new TestCertificateAuthority("unrelated-ca");
    private static TlsTerminatingProxy elasticsearchTls;
    private static TlsRedisNode redisTls;

    @BeforeAll
    static void startTlsServers(ElasticsearchNode elasticsearch) throws Exception {
        try (ShipmentIndex index = new ShipmentIndex(elasticsearch.url(), INDEX)) {
            index.add(ShipmentDocuments.of(new DemoDataSet(Instant.now()).generate(CUSTOMER, SHIPMENTS).stream()
                    .map(DemoShipment::shipment).toList()));
        }
        URI plain = URI.create(elasticsearch.url());
        elasticsearchTls = new TlsTerminatingProxy(SERVERS_CA.issueServerCertificate("127.0.0.1", "localhost")
                .serverContext(), plain.getHost(), plain.getPort());
        redisTls = new TlsRedisNode(SERVERS_CA.issueServerCertificate("127.0.0.1", "localhost"), directory);
    }

    @AfterAll
    static void stopTlsServers() throws Exception {
        if (elasticsearchTls != null) {
            elasticsearchTls.close();
        }
        if (redisTls != null) {
            redisTls.close();
        }
    }

    @Test
    void elasticsearchOverTlsIsReadWhenItsCaIsTrusted() {
        try (ElasticsearchHistory history = new ElasticsearchHistory(settings(SERVERS_CA).elasticsearch().orElseThrow())) {
            assertThat(history.recentShipments(CUSTOMER, Instant.now().minus(Duration.ofDays(365)), 1000))
                    .hasSize(SHIPMENTS);
        }
    }

    @Test
    void elasticsearchOverTlsSignedByAnUntrustedCaFailsWithAClearMessage() {
        for (TestCertificateAuthority trusted : new TestCertificateAuthority[]{OTHER_CA, null}) {
            try (ElasticsearchHistory history = new ElasticsearchHistory(settings(trusted).elasticsearch().orElseThrow())) {
                assertThatThrownBy(() -> history.recentShipments(CUSTOMER, Instant.now().minus(Duration.ofDays(365)), 10))
                        .isInstanceOf(HistoryUnavailableException.class)
                        .hasMessageContaining("TLS handshake failed: certificate not trusted");
            }
        }
    }

    @Test
    void redisOverTlsSharesModelsWhenItsCaIsTrusted() {
        try (RedisSharedModelCache cache = new RedisSharedModelCache(settings(SERVERS_CA).redis().orElseThrow())) {
            byte[] stored = {1, 2, 3, 4};
            cache.put(CUSTOMER, stored, Duration.ofMinutes(1));
            assertThat(cache.get(CUSTOMER)).hasValue(stored);
        }
    }

    @Test
    void redisOverTlsSignedByAnUntrustedCaIsNotUsedAndTheLogSaysWhy() {
        List<String> messages;
        try (CapturedLogs log = new CapturedLogs(RedisCalls.class);
             RedisSharedModelCache cache = new RedisSharedModelCache(settings(OTHER_CA).redis().orElseThrow())) {
            assertThat(cache.get(CUSTOMER)).isEmpty();
            messages = log.messages();
        }
        assertThat(messages)
                .anySatisfy(message -> assertThat(message)
                        .contains("TLS handshake failed")
                        .contains("AUTOSHIP_TRUSTED_CA_FILE"));
    }

    @Test
    void redisOverTlsWithACertificateForAnotherHostIsRefused() throws Exception {
        try (TlsRedisNode elsewhere = new TlsRedisNode(SERVERS_CA.issueServerCertificate("redis.elsewhere.example"),
                directory);
             RedisSharedModelCache cache = new RedisSharedModelCache(
                     settings(SERVERS_CA, elsewhere.url()).redis().orElseThrow())) {
            cache.put(CUSTOMER, new byte[]{9}, Duration.ofMinutes(1));
            assertThat(cache.get(CUSTOMER)).isEmpty();
        }
    }

    private static PredictorSettings settings(TestCertificateAuthority trusted) {
        return settings(trusted, redisTls.url());
    }

    private static PredictorSettings settings(TestCertificateAuthority trusted, String redisUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("AUTOSHIP_ELASTICSEARCH_URL", "https://127.0.0.1:" + elasticsearchTls.port());
        env.put("AUTOSHIP_ELASTICSEARCH_INDEX", INDEX);
        env.put("AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT5S");
        env.put("AUTOSHIP_REDIS_URL", redisUrl);
        env.put("AUTOSHIP_REDIS_TIMEOUT", "PT2S");
        if (trusted != null) {
            env.put("AUTOSHIP_TRUSTED_CA_FILE", trusted.writeCertificatePem(directory).toString());
        }
        return PredictorSettings.from(env);
    }
}
