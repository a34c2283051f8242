package dev.autoship.predictor.outcome;

import dev.autoship.predictor.backends.RealBackends;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.ElasticsearchConnection;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.testing.ElasticsearchNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Log entries written through the connection's bulk client (one buffer per bulk body, see OneBufferBodies) reach a
 * real Elasticsearch 8.19 intact: every entry of several bulk requests, each field as it was recorded.
 * The index template is the current one whatever an earlier release put.
 */
@ExtendWith(RealBackends.class)
class ElasticsearchPredictionLogIT {

    private static final List<String> CUSTOMERS = List.of("intact-ascii", "intact-Müller-&-Söhne", "intact-日本",
            "intact-\"quoted\"\\slash", "intact-emoji-📦");
    private static final List<ShipmentChoice> SHIPMENTS = List.of(new ShipmentChoice("UPS", "Ground", "box"),
            new ShipmentChoice("La Poste", "Colissimo Expert", "enveloppe à bulles"),
            new ShipmentChoice("日本郵便", "ゆうパック", "箱"));
    private static final int ENTRIES = ElasticsearchPredictionLog.BULK_OPERATIONS * 2 + 123;

    /** The first bulk request makes the day's index: on a busy machine that can outlast the default 5 s timeout. */
    private static ElasticsearchConnection patientConnection(ElasticsearchNode elasticsearch) {
        return new ElasticsearchConnection(PredictorSettings.from(Map.of("AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url(),
                "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT60S")).elasticsearch().orElseThrow());
    }

    @Test
    void everyEntryOfSeveralBulkRequestsArrivesWithEachFieldAsRecorded(ElasticsearchNode elasticsearch) {
        Instant trainedAt = Instant.parse("2026-12-01T08:15:30.123456789Z");
        Instant now = Instant.now();
        Instant since = now.minus(Duration.ofHours(1));
        List<PredictionRecord> recorded = new ArrayList<>();
        for (int i = 0; i < ENTRIES; i++) {
            recorded.add(new PredictionRecord(CUSTOMERS.get(i % CUSTOMERS.size()), "order-" + i + "-ü",
                    SHIPMENTS.get(i % SHIPMENTS.size()), (i % 1000) / 999.0, i % 2 == 0, trainedAt, now.minusMillis(i)));
        }
        AtomicLong dropped = new AtomicLong();
        try (ElasticsearchConnection connection = patientConnection(elasticsearch);
             ElasticsearchPredictionLog log = new ElasticsearchPredictionLog(connection, "predictions-intact-it",
                     "it-intact", Duration.ofDays(30), Clock.systemUTC(), dropped::addAndGet)) {
            recorded.forEach(log::record);

            Map<String, List<PredictionRecord>> byCustomer = recorded.stream()
                    .collect(Collectors.groupingBy(PredictionRecord::customerId));
            // a daily index just made answers searches with 503 until its shard is allocated
            await().atMost(Duration.ofSeconds(90)).ignoreException(PredictionLogUnavailableException.class)
                    .failFast("entries were dropped (refused or failed: see the log)", () -> dropped.get() > 0)
                    .untilAsserted(() -> {
                        for (String customer : CUSTOMERS) {
                            assertThat(log.count(customer, trainedAt, since).all()).as(customer)
                                    .isEqualTo(byCustomer.get(customer).size());
                        }
                    });
            for (String customer : CUSTOMERS) {
                Map<String, PredictionRecord> byOrder = byCustomer.get(customer).stream()
                        .collect(Collectors.toMap(PredictionRecord::orderId, entry -> entry));
                assertThat(log.latestByOrder(customer, byOrder.keySet(), since)).as(customer).isEqualTo(byOrder);
            }
        }
    }

    @Test
    void tomorrowsDailyIndexIsMadeAheadWithTheLogsMappingAsSoonAsTheTemplateIsInPlace(ElasticsearchNode elasticsearch)
            throws Exception {
        Instant now = Instant.now();
        AtomicLong dropped = new AtomicLong();
        PredictionLogIndices indices = new PredictionLogIndices("predictions-ahead-it");
        String tomorrow = indices.daily(now.plus(Duration.ofDays(1)));
        try (ElasticsearchConnection connection = patientConnection(elasticsearch);
             ElasticsearchPredictionLog log = new ElasticsearchPredictionLog(connection, indices.base(), "it-ahead",
                     Duration.ofDays(30), Clock.systemUTC(), dropped::addAndGet)) {
            log.createTomorrowsIndex();
            assertThat(connection.client().indices().exists(exists -> exists.index(tomorrow)).value())
                    .as("not before the template is in place").isFalse();

            log.record(new PredictionRecord("ahead", "order-1", SHIPMENTS.getFirst(), 0.9, true, now, now));
            await().atMost(Duration.ofSeconds(90)).ignoreException(PredictionLogUnavailableException.class)
                    .untilAsserted(() -> assertThat(log.count("ahead", now, now.minusSeconds(60)).all()).isEqualTo(1));
            // made as soon as the template is in place, not only at the next hourly housekeeping
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                    connection.client().indices().exists(exists -> exists.index(tomorrow)).value()).isTrue());
            log.createTomorrowsIndex();
            log.createTomorrowsIndex();

            var mapping = connection.client().indices().getMapping(get -> get.index(tomorrow)).get(tomorrow).mappings();
            assertThat(mapping.properties().get("customerId").isKeyword()).isTrue();
            assertThat(dropped.get()).isZero();
        }
    }

    @Test
    void anIndexTemplateOfAnEarlierReleaseIsReplacedSoTheNextDailyIndexGetsTheCurrentMapping(ElasticsearchNode elasticsearch)
            throws Exception {
        Instant now = Instant.now();
        PredictionLogIndices indices = new PredictionLogIndices("predictions-upgrade-it");
        String today = indices.daily(now);
        AtomicLong dropped = new AtomicLong();
        try (ElasticsearchConnection connection = patientConnection(elasticsearch)) {
            // the first release's template: every field searchable and with doc values
            connection.client().indices().putIndexTemplate(template -> template
                    .withJson(new StringReader("""
                            {"priority": 500, "template": {"mappings": {"dynamic": "strict", "properties": {
                              "clusterName": {"type": "keyword"}, "customerId": {"type": "keyword"},
                              "orderId": {"type": "keyword"}, "predictedAt": {"type": "date"},
                              "modelTrainedAt": {"type": "date_nanos"},
                              "shipment": {"properties": {"carrier": {"type": "keyword"}, "service": {"type": "keyword"},
                                "packaging": {"type": "keyword"}}},
                              "confidence": {"type": "float"}, "autoShip": {"type": "boolean"}}}}}"""))
                    .name(indices.templateName())
                    .indexPatterns(indices.pattern()));

            try (ElasticsearchPredictionLog log = new ElasticsearchPredictionLog(connection, indices.base(), "it-upgrade",
                    Duration.ofDays(30), Clock.systemUTC(), dropped::addAndGet)) {
                log.record(new PredictionRecord("upgraded", "order-1", SHIPMENTS.get(1), 0.75, true, now, now));
                await().atMost(Duration.ofSeconds(90)).ignoreException(PredictionLogUnavailableException.class)
                        .untilAsserted(() -> assertThat(log.count("upgraded", now, now.minusSeconds(60)).all()).isEqualTo(1));
                assertThat(log.latestByOrder("upgraded", List.of("order-1"), now.minusSeconds(60)))
                        .containsValue(new PredictionRecord("upgraded", "order-1", SHIPMENTS.get(1), 0.75, true, now, now));
            }

            var template = connection.client().indices().getIndexTemplate(get -> get.name(indices.templateName()))
                    .indexTemplates().getFirst().indexTemplate();
            assertThat(template.version()).isEqualTo(2L);
            var mapping = connection.client().indices().getMapping(get -> get.index(today)).get(today).mappings();
            var carrier = mapping.properties().get("shipment").object().properties().get("carrier").keyword();
            assertThat(carrier.index()).as("shipment.carrier searchable").isFalse();
            assertThat(carrier.docValues()).as("shipment.carrier doc values").isFalse();
            assertThat(mapping.properties().get("orderId").keyword().docValues()).as("orderId is collapsed on").isNotEqualTo(false);
            assertThat(dropped.get()).isZero();
        }
    }
}
