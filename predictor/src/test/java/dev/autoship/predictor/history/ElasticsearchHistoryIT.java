package dev.autoship.predictor.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.backends.RealBackends;
import dev.autoship.predictor.backends.ShipmentDocuments;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.logs.CapturedLogs;
import dev.autoship.testing.ElasticsearchNode;
import dev.autoship.testing.ShipmentIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history read against a real Elasticsearch: paging, window, order, limits and refusals. */
@ExtendWith(RealBackends.class)
class ElasticsearchHistoryIT {

    private static final String INDEX = "history-read-it";
    private static final String CUSTOMER = "paged-customer";
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static ElasticsearchNode elasticsearch;
    private static List<Shipment> history;

    @BeforeAll
    static void loadHistory(ElasticsearchNode es) {
        elasticsearch = es;
        // 53 shipments an hour apart, several sharing one timestamp so the order needs its tie-breaker
        DemoDataSet data = new DemoDataSet(NOW);
        List<Shipment> generated = data.generate(CUSTOMER, 53).stream().map(DemoShipment::shipment).toList();
        history = java.util.stream.IntStream.range(0, generated.size())
                .mapToObj(i -> withShippedAt(generated.get(i), NOW.minus(Duration.ofHours(i - i % 3))))
                .toList();
        try (ShipmentIndex index = new ShipmentIndex(es.url(), INDEX)) {
            index.add(ShipmentDocuments.of(history));
            index.add(ShipmentDocuments.of(data.generate("someone-else", 20).stream().map(DemoShipment::shipment).toList()));
        }
    }

    @Test
    void pagesThroughTheWholeWindowNewestFirstWithoutLosingOrRepeatingAShipment() {
        try (ElasticsearchHistory read = new ElasticsearchHistory(settings(INDEX), 7)) {
            List<Shipment> shipments = read.recentShipments(CUSTOMER, NOW.minus(Duration.ofDays(30)), 1000);

            assertThat(shipments).hasSize(history.size());
            assertThat(shipments.stream().map(s -> s.order().orderId()))
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(history.stream().map(s -> s.order().orderId()).toList());
            assertThat(shipments).isSortedAccordingTo(Comparator.comparing(Shipment::shippedAt).reversed()
                    .thenComparing(s -> s.order().orderId()));
            assertThat(shipments).allSatisfy(s -> assertThat(s.customerId()).isEqualTo(CUSTOMER));
            assertThat(shipments.getFirst()).isEqualTo(history.stream()
                    .filter(s -> s.order().orderId().equals(shipments.getFirst().order().orderId())).findFirst().orElseThrow());
        }
    }

    @Test
    void stopsAtTheMaximumAndAtTheStartOfTheWindow() {
        try (ElasticsearchHistory read = new ElasticsearchHistory(settings(INDEX), 7)) {
            assertThat(read.recentShipments(CUSTOMER, NOW.minus(Duration.ofDays(30)), 10))
                    .extracting(Shipment::shippedAt)
                    .hasSize(10)
                    .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(NOW.minus(Duration.ofHours(9))));
            // shipments at hours 0..20 (ties in threes) are inside a window reaching 20 h back
            assertThat(read.recentShipments(CUSTOMER, NOW.minus(Duration.ofHours(20)), 1000)).hasSize(21);
        }
    }

    @Test
    void skipsOnlyDocumentsWithoutAWholeShipmentAndKeepsOnesWithBlankMissingOrUnusableOptionalFields() throws Exception {
        String customer = "customer-with-odd-documents";
        List<String> documents = List.of("""
                {"customerId": "%s", "orderId": "blank-state", "shippedAt": "2026-11-30T10:00:00Z",
                 "order": {"weightOz": 4, "store": "", "shipTo": {"country": "FR", "state": "", "postalCode": null}},
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""", """
                {"customerId": "%s", "order": {"orderTotal": 12.5}, "orderId": "order-first",
                 "shippedAt": "2026-11-30T09:00:00Z", "shipment": {"carrier": "DHL", "service": "Express", "packaging": "bag"}}""", """
                {"customerId": "%s", "orderId": "no-order", "shippedAt": "2026-11-30T08:00:00Z",
                 "shipment": {"carrier": "USPS", "service": "Priority", "packaging": "envelope"}}""", """
                {"customerId": "%s", "orderId": "negative-weight", "shippedAt": "2026-11-30T07:00:00Z",
                 "order": {"weightOz": -3, "shipTo": {"country": "US"}},
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""", """
                {"customerId": "%s", "orderId": "no-packaging", "shippedAt": "2026-11-30T06:00:00Z",
                 "order": {"weightOz": 3}, "shipment": {"carrier": "UPS", "service": "Ground"}}""", """
                {"customerId": "%s", "orderId": "last", "shippedAt": "2026-11-30T05:00:00Z",
                 "order": {"itemCount": 2, "shipTo": {"residential": true}},
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""");
        addDocuments(customer, documents);

        try (ElasticsearchHistory read = new ElasticsearchHistory(settings(INDEX), 2)) {
            List<Shipment> shipments = read.recentShipments(customer, NOW.minus(Duration.ofDays(30)), 1000);

            assertThat(shipments).extracting(s -> s.order().orderId())
                    .containsExactly("blank-state", "order-first", "no-order", "negative-weight", "last");
            assertThat(shipments.get(0).order().shipTo().country()).contains("FR");
            assertThat(shipments.get(0).order().shipTo().state()).isEmpty();
            assertThat(shipments.get(0).order().store()).isEmpty();
            assertThat(shipments.get(1).order().orderTotal()).hasValue(12.5);
            assertThat(shipments.get(1).shipment()).isEqualTo(new ShipmentChoice("DHL", "Express", "bag"));
            assertThat(shipments.get(2).order().weightOz()).isEmpty();
            // a weight training cannot use is left out; the shipment and the rest of its order are kept
            assertThat(shipments.get(3).order().weightOz()).isEmpty();
            assertThat(shipments.get(3).order().shipTo().country()).contains("US");
            assertThat(shipments.get(4).order().itemCount()).hasValue(2);
            assertThat(shipments.get(4).order().shipTo().residential()).isTrue();
        }
    }

    @Test
    void documentsElasticsearchAcceptedInAnyOfItsDateFormatsAndCoercionsAreReadAsItIndexedThem() throws Exception {
        String customer = "customer-of-another-shop-system";
        List<String> documents = List.of("""
                {"customerId": "%s", "orderId": 90001, "shippedAt": 1796032800000,
                 "order": {"weightOz": "12.5", "itemCount": "3", "shipTo": {"postalCode": 73301, "residential": "true"}},
                 "shipment": {"carrier": "UPS", "service": "Ground", "packaging": "box"}}""", """
                {"customerId": "%s", "orderId": "local-time", "shippedAt": "2026-11-30T09:00:00",
                 "order": {"store": ["web", "app"]}, "shipment": {"carrier": "DHL", "service": "Express", "packaging": "bag"}}""", """
                {"customerId": "%s", "orderId": "date-only", "shippedAt": "2026-11-29",
                 "order": {"orderTotal": "20"}, "shipment": {"carrier": "USPS", "service": "Priority", "packaging": "envelope"}}""");
        addDocuments(customer, documents);

        for (int pageSize : new int[] {1, 100}) {
            try (ElasticsearchHistory read = new ElasticsearchHistory(settings(INDEX), pageSize)) {
                List<Shipment> shipments = read.recentShipments(customer, NOW.minus(Duration.ofDays(30)), 1000);

                assertThat(shipments).extracting(s -> s.order().orderId()).containsExactly("90001", "local-time", "date-only");
                assertThat(shipments).extracting(Shipment::shippedAt).containsExactly(
                        Instant.ofEpochMilli(1796032800000L), Instant.parse("2026-11-30T09:00:00Z"),
                        Instant.parse("2026-11-29T00:00:00Z"));
                assertThat(shipments.get(0).order().weightOz()).hasValue(12.5);
                assertThat(shipments.get(0).order().itemCount()).hasValue(3);
                assertThat(shipments.get(0).order().shipTo().postalCode()).contains("73301");
                assertThat(shipments.get(0).order().shipTo().residential()).isTrue();
                assertThat(shipments.get(1).order().store()).contains("web");
                assertThat(shipments.get(2).order().orderTotal()).hasValue(20);
                assertThat(shipments.get(2).shipment()).isEqualTo(new ShipmentChoice("USPS", "Priority", "envelope"));
            }
        }
    }

    @Test
    void documentsCarryingMuchMoreThanTheTrainingFieldsAreReadFilteredToTheSameShipments() {
        String fatIndex = "history-with-large-documents";
        try (ShipmentIndex index = new ShipmentIndex(elasticsearch.url(), fatIndex)) {
            List<ObjectNode> documents = ShipmentDocuments.of(history);
            for (ObjectNode fat : documents) {
                // what a shop's document carries beside the contract's fields and training never reads
                ((ObjectNode) fat.get("order")).putArray("items").addObject().put("sku", "SKU-1")
                        .put("description", "x".repeat(2 * ElasticsearchHistory.LEAN_DOCUMENT_BYTES));
                fat.put("notes", "leave at the back door");
            }
            index.add(documents);
        }
        Instant since = NOW.minus(Duration.ofDays(30));

        try (ElasticsearchHistory lean = new ElasticsearchHistory(settings(INDEX), 7);
             ElasticsearchHistory fat = new ElasticsearchHistory(settings(fatIndex), 7)) {
            List<Shipment> fromFat = fat.recentShipments(CUSTOMER, since, 1000);

            assertThat(fromFat).hasSize(history.size()).isEqualTo(lean.recentShipments(CUSTOMER, since, 1000));
            assertThat(fat.readsWholeSources()).as("large documents are read filtered").contains(false);
            assertThat(lean.readsWholeSources()).as("lean documents are read whole").contains(true);
            assertThat(fat.shipmentsAfter(CUSTOMER, ShipmentPosition.before(since), NOW, 1000).shipments())
                    .containsExactlyInAnyOrderElementsOf(fromFat);
        }
    }

    @Test
    void documentsWrittenWithDottedFieldNamesAreReadWholeAndFilteredAsTheNestedOnes() {
        String leanIndex = "history-with-dotted-names";
        String fatIndex = "history-with-dotted-names-and-large-documents";
        try (ShipmentIndex lean = new ShipmentIndex(elasticsearch.url(), leanIndex);
             ShipmentIndex fat = new ShipmentIndex(elasticsearch.url(), fatIndex)) {
            List<ObjectNode> dotted = ShipmentDocuments.of(history).stream().map(ElasticsearchHistoryIT::dotted).toList();
            lean.add(dotted);
            // large enough to be read filtered to the training fields, which must match the dotted names too
            fat.add(dotted.stream().map(document -> document.deepCopy()
                    .put("notes", "x".repeat(2 * ElasticsearchHistory.LEAN_DOCUMENT_BYTES))).toList());
        }
        Instant since = NOW.minus(Duration.ofDays(30));

        try (ElasticsearchHistory nested = new ElasticsearchHistory(settings(INDEX), 7);
             ElasticsearchHistory lean = new ElasticsearchHistory(settings(leanIndex), 7);
             ElasticsearchHistory fat = new ElasticsearchHistory(settings(fatIndex), 7)) {
            List<Shipment> expected = nested.recentShipments(CUSTOMER, since, 1000);

            assertThat(lean.recentShipments(CUSTOMER, since, 1000)).hasSize(history.size()).isEqualTo(expected);
            assertThat(fat.recentShipments(CUSTOMER, since, 1000)).isEqualTo(expected);
            assertThat(lean.readsWholeSources()).contains(true);
            assertThat(fat.readsWholeSources()).contains(false);
        }
    }

    /** The document with every field of its order and shipment written as one dotted name at the top level. */
    private static ObjectNode dotted(ObjectNode document) {
        ObjectNode flat = document.objectNode();
        flatten("", document, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, ObjectNode into) {
        node.properties().forEach(field -> {
            if (field.getValue().isObject()) {
                flatten(prefix + field.getKey() + ".", field.getValue(), into);
            } else {
                into.set(prefix + field.getKey(), field.getValue());
            }
        });
    }

    @Test
    void theBusiestCustomersAreThoseWithTheMostOfTheNewestShipmentsInTheWindow() {
        String index = "busiest-customers-it";
        DemoDataSet data = new DemoDataSet(NOW);
        try (ShipmentIndex shipments = new ShipmentIndex(elasticsearch.url(), index)) {
            // steady: one an hour from now back; burst: 30 in the half hour before 11:30; old: the most, 10 days ago
            shipments.add(ShipmentDocuments.of(timed(data, "steady", 40, i -> NOW.minus(Duration.ofHours(i)))));
            shipments.add(ShipmentDocuments.of(timed(data, "burst", 30,
                    i -> NOW.minus(Duration.ofMinutes(30 + i)))));
            shipments.add(ShipmentDocuments.of(timed(data, "old", 200,
                    i -> NOW.minus(Duration.ofDays(10)).minus(Duration.ofMinutes(i)))));
        }

        try (ElasticsearchHistory read = new ElasticsearchHistory(settings(index))) {
            Instant monthAgo = NOW.minus(Duration.ofDays(30));
            assertThat(read.busiestRecently(monthAgo, 50, 3)).as("of the newest 50: 30 burst, 20 steady")
                    .containsExactly("burst", "steady");
            assertThat(read.busiestRecently(monthAgo, 1000, 3)).as("all of them")
                    .containsExactly("old", "steady", "burst");
            assertThat(read.busiestRecently(monthAgo, 1000, 1)).containsExactly("old");
            assertThat(read.busiestRecently(NOW.minus(Duration.ofDays(5)), 1000, 3)).as("only inside the window")
                    .containsExactly("steady", "burst");
        }
        try (ElasticsearchHistory read = new ElasticsearchHistory(settings("no-such-index"))) {
            assertThat(read.busiestRecently(NOW.minus(Duration.ofDays(30)), 50, 3)).isEmpty();
        }
    }

    private static List<Shipment> timed(DemoDataSet data, String customerId, int count, IntFunction<Instant> shippedAt) {
        List<Shipment> generated = data.generate(customerId, count).stream().map(DemoShipment::shipment).toList();
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> withShippedAt(generated.get(i), shippedAt.apply(i)))
                .toList();
    }

    @Test
    void anIndexMappingShippedAtAsDateNanosGivesTheSameTimesAndPositions() throws Exception {
        put("/history-date-nanos", """
                {"mappings": {"properties": {"customerId": {"type": "keyword"}, "orderId": {"type": "keyword"},
                 "shippedAt": {"type": "date_nanos"}}}}""");
        List<Shipment> shop = timed(new DemoDataSet(NOW), "nanos-shop", 6, i -> NOW.minus(Duration.ofHours(i - i % 2)));
        try (ShipmentIndex index = new ShipmentIndex(elasticsearch.url(), "history-date-nanos")) {
            index.add(ShipmentDocuments.of(shop));
        }

        try (ElasticsearchHistory read = new ElasticsearchHistory(settings("history-date-nanos"), 4)) {
            List<Shipment> shipments = read.recentShipments("nanos-shop", NOW.minus(Duration.ofDays(30)), 1000);

            // a date_nanos sort value counts nanoseconds: read as milliseconds it would be a time far in the future
            assertThat(shipments).extracting(Shipment::shippedAt)
                    .containsExactlyInAnyOrderElementsOf(shop.stream().map(Shipment::shippedAt).toList());
            assertThat(read.shipmentsAfter("nanos-shop", ShipmentPosition.of(shipments.get(2)), NOW, 10).shipments())
                    .as("oldest first, ties by order id").containsExactly(shipments.get(3), shipments.get(0), shipments.get(1));
        }
    }

    @Test
    void anIndexFilledWithoutTheShippedMappingIsReadThroughItsKeywordSubFields() throws Exception {
        // Elasticsearch's dynamic mapping makes customerId and orderId analyzed text with a .keyword sub-field
        put("/history-dynamic", "{}");
        DemoDataSet data = new DemoDataSet(NOW);
        List<Shipment> shopA = timed(data, "Shop-A 1", 12, i -> NOW.minus(Duration.ofHours(i - i % 2)));
        List<Shipment> shopB = timed(data, "Shop-B", 4, i -> NOW.minus(Duration.ofHours(i)));
        try (ShipmentIndex index = new ShipmentIndex(elasticsearch.url(), "history-dynamic")) {
            index.add(ShipmentDocuments.of(java.util.stream.Stream.concat(shopA.stream(), shopB.stream()).toList()));
        }

        try (ElasticsearchHistory read = new ElasticsearchHistory(settings("history-dynamic"), 5)) {
            List<Shipment> shipments = read.recentShipments("Shop-A 1", NOW.minus(Duration.ofDays(30)), 1000);

            assertThat(shipments).extracting(s -> s.order().orderId())
                    .containsExactlyInAnyOrderElementsOf(shopA.stream().map(s -> s.order().orderId()).toList());
            assertThat(shipments).isSortedAccordingTo(Comparator.comparing(Shipment::shippedAt).reversed()
                    .thenComparing(s -> s.order().orderId()));
            assertThat(read.recentShipments("Shop-A", NOW.minus(Duration.ofDays(30)), 1000)).as("no partial match").isEmpty();
            assertThat(read.customersWithHistory(NOW.minus(Duration.ofDays(30)), 1, 10)).containsExactly("Shop-A 1", "Shop-B");
            assertThat(read.busiestRecently(NOW.minus(Duration.ofDays(30)), 100, 5)).containsExactly("Shop-A 1", "Shop-B");
            Shipment oldestOfB = shopB.getLast();
            assertThat(read.shipmentsAfter("Shop-B", ShipmentPosition.of(oldestOfB), NOW, 10).shipments())
                    .extracting(s -> s.order().orderId()).containsExactly(shopB.get(2).order().orderId(),
                            shopB.get(1).order().orderId(), shopB.get(0).order().orderId());
        }
    }

    @Test
    void aMissingIndexMeansNoHistory() {
        try (ElasticsearchHistory read = new ElasticsearchHistory(settings("no-such-index"))) {
            assertThat(read.recentShipments(CUSTOMER, NOW.minus(Duration.ofDays(30)), 100)).isEmpty();
        }
    }

    /**
     * A refusal is a setting, a mapping or a privilege to fix, not an outage: the answer names the type of
     * Elasticsearch's root cause, and its reason is logged for whoever runs the predictor, once a minute however many
     * reads meet it.
     */
    @Test
    void aRefusedQueryIsUnavailableHistoryNamingElasticsearchsCauseAndLoggingItsReasonOnce() throws Exception {
        // an index whose documents lack the sort field's mapping: Elasticsearch refuses the sort
        put("/history-without-mapping", "{\"mappings\": {\"dynamic\": false, \"properties\": {\"customerId\": {\"type\": \"keyword\"}}}}");
        try (ElasticsearchHistory read = new ElasticsearchHistory(settings("history-without-mapping"));
             CapturedLogs warnings = new CapturedLogs(ElasticsearchHistory.class)) {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> read.recentShipments(CUSTOMER, NOW.minus(Duration.ofDays(30)), 100))
                        .isInstanceOf(HistoryUnavailableException.class)
                        .hasMessageContaining("refused the history query (400 search_phase_execution_exception, caused by "
                                + "query_shard_exception)")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("No mapping found"));
            }
            assertThat(warnings.warningsAndErrors()).singleElement().asString()
                    .contains("index 'history-without-mapping'", "No mapping found for [shippedAt] in order to sort on");
        }
    }

    /** Pages are 5,000 shipments: an index that allows fewer per search refuses the read, and the log says why. */
    @Test
    void anIndexAllowingFewerResultsThanAPageRefusesTheReadWithItsReasonLogged() throws Exception {
        put("/history-small-window", """
                {"settings": {"index.max_result_window": 1000}, "mappings": {"properties": {"customerId": {"type": "keyword"},
                 "orderId": {"type": "keyword"}, "shippedAt": {"type": "date"}}}}""");
        try (ElasticsearchHistory read = new ElasticsearchHistory(settings("history-small-window"));
             CapturedLogs warnings = new CapturedLogs(ElasticsearchHistory.class)) {
            assertThatThrownBy(() -> read.recentShipments(CUSTOMER, NOW.minus(Duration.ofDays(30)), 5000))
                    .isInstanceOf(HistoryUnavailableException.class)
                    .hasMessageContaining("caused by illegal_argument_exception");
            assertThat(warnings.warningsAndErrors()).singleElement().asString()
                    .contains("Result window is too large", "[1000]", "index.max_result_window");
        }
    }

    private static Shipment withShippedAt(Shipment shipment, Instant shippedAt) {
        return new Shipment(shipment.customerId(), shippedAt, shipment.order(), shipment.shipment());
    }

    private static PredictorSettings.ElasticsearchSettings settings(String index) {
        return PredictorSettings.from(Map.of("AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url(),
                "AUTOSHIP_ELASTICSEARCH_INDEX", index)).elasticsearch().orElseThrow();
    }

    /** Adds the documents, each a template for the customer's id, to the test's index as they are. */
    private static void addDocuments(String customer, List<String> documents) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (ShipmentIndex index = new ShipmentIndex(elasticsearch.url(), INDEX)) {
            List<JsonNode> nodes = new ArrayList<>();
            for (String document : documents) {
                nodes.add(json.readTree(document.formatted(customer)));
            }
            index.add(nodes);
        }
    }

    private static void put(String path, String body) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(elasticsearch.url() + path))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
    }
}
