package dev.autoship.benchmarks.cold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.history.ElasticsearchHistory;
import dev.autoship.predictor.history.Shipment;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One fresh JVM's history reads, stage by stage, as a starting predictor makes them: first {@code rehearsals}
 * reads through the predictor's own history source (what the cold-path rehearsal does), then for each measured
 * customer: the predictor's read (wall), and the same query sent raw (JDK HTTP client) to split Elasticsearch's
 * {@code took}, the first response byte, the whole body, JSON parsing into a tree and conversion into shipments;
 * the same query with {@code docvalue_fields} instead of the source and with {@code filter_path}. One CSV line per
 * measured read on standard output, prefixed {@code read,}.
 * Arguments: rehearsals, then the customer ids (rehearsed ones first); the environment is the predictor's.
 */
public final class HistoryReadProbe {

    private static final List<String> DOC_VALUE_FIELDS = List.of("orderId", "shippedAt", "order.weightOz",
            "order.lengthIn", "order.widthIn", "order.heightIn", "order.orderTotal", "order.itemCount", "order.store",
            "order.requestedService", "order.shipTo.country", "order.shipTo.state", "order.shipTo.postalCode",
            "order.shipTo.residential", "shipment.carrier", "shipment.service", "shipment.packaging");

    public static void main(String[] args) throws Exception {
        if (!args[0].equals("stages")) {
            compare(args[0], Integer.parseInt(args[1]), List.of(args).subList(2, args.length));
            return;
        }
        int rehearsals = Integer.parseInt(args[1]);
        List<String> customers = List.of(args).subList(2, args.length);
        PredictorSettings settings = PredictorSettings.from(System.getenv());
        ObjectMapper json = new ObjectMapper();
        String url = settings.elasticsearch().orElseThrow().url().toString().replaceAll("/$", "");
        String index = settings.elasticsearch().orElseThrow().index();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant since = Instant.now().minus(settings.historyWindow());
        try (ElasticsearchHistory history = new ElasticsearchHistory(settings.elasticsearch().orElseThrow())) {
            for (int i = 0; i < rehearsals; i++) {
                long start = System.nanoTime();
                int read = history.recentShipments(customers.get(i), since, settings.maxExamples()).size();
                System.out.printf("rehearsal,%d,%d,%.2f%n", i, read, (System.nanoTime() - start) / 1e6);
            }
            System.out.println("read,n,customer,docs,client_ms,client_again_ms,src_took,src_ttfb_ms,src_total_ms,src_kb,"
                    + "tree_ms,convert_ms,dv_took,dv_total_ms,dv_kb,fp_total_ms,fp_kb");
            for (int i = rehearsals; i < customers.size(); i++) {
                String customer = customers.get(i);
                long start = System.nanoTime();
                List<Shipment> shipments = history.recentShipments(customer, since, settings.maxExamples());
                double client = (System.nanoTime() - start) / 1e6;
                String query = "\"query\":{\"bool\":{\"filter\":[{\"term\":{\"customerId\":\"" + customer + "\"}},"
                        + "{\"range\":{\"shippedAt\":{\"gte\":\"" + since + "\"}}}]}},"
                        + "\"sort\":[{\"shippedAt\":{\"order\":\"desc\"}},{\"orderId\":{\"order\":\"asc\"}}],"
                        + "\"size\":5000,\"track_total_hits\":false";
                String fields = "[" + String.join(",", DOC_VALUE_FIELDS.stream().map(f -> "\"" + f + "\"").toList()) + "]";
                Raw source = raw(http, url + "/" + index + "/_search?allow_partial_search_results=false",
                        "{" + query + ",\"_source\":{\"includes\":" + fields + "}}");
                long parseStart = System.nanoTime();
                JsonNode tree = json.readTree(source.body());
                long parsed = System.nanoTime();
                List<Shipment> converted = new ArrayList<>();
                for (JsonNode hit : tree.path("hits").path("hits")) {
                    converted.add(ElasticsearchHistory.shipment(customer, (ObjectNode) hit.get("_source")));
                }
                long convertedAt = System.nanoTime();
                Raw docValues = raw(http, url + "/" + index + "/_search?allow_partial_search_results=false",
                        "{" + query + ",\"_source\":false,\"docvalue_fields\":" + fields + "}");
                Raw filtered = raw(http, url + "/" + index + "/_search?allow_partial_search_results=false"
                        + "&filter_path=hits.hits._id,hits.hits._source,hits.hits.sort",
                        "{" + query + ",\"_source\":{\"includes\":" + fields + "}}");
                long againStart = System.nanoTime();
                history.recentShipments(customer, since, settings.maxExamples());
                double again = (System.nanoTime() - againStart) / 1e6;
                if (converted.size() != shipments.size()) {
                    throw new IllegalStateException("raw read " + converted.size() + " against " + shipments.size());
                }
                System.out.printf("read,%d,%s,%d,%.2f,%.2f,%d,%.2f,%.2f,%d,%.2f,%.2f,%d,%.2f,%d,%.2f,%d%n", i - rehearsals,
                        customer, shipments.size(), client, again, source.took(json), source.firstByteMillis(),
                        source.totalMillis(), source.body().length / 1024, (parsed - parseStart) / 1e6,
                        (convertedAt - parsed) / 1e6, docValues.took(json), docValues.totalMillis(),
                        docValues.body().length / 1024, filtered.totalMillis(), filtered.body().length / 1024);
            }
        }
    }

    /**
     * Reads through the elasticsearch-java client, {@code variant} "typed" (the predictor's read: each hit's source
     * straight into a shipment) or "tree" (each hit's source into an ObjectNode, then converted: the read before).
     */
    private static void compare(String variant, int rehearsals, List<String> customers) {
        PredictorSettings settings = PredictorSettings.from(System.getenv());
        Instant since = Instant.now().minus(settings.historyWindow());
        var elasticsearch = settings.elasticsearch().orElseThrow();
        try (ElasticsearchHistory history = new ElasticsearchHistory(elasticsearch);
             var connection = new dev.autoship.predictor.history.ElasticsearchConnection(elasticsearch)) {
            int smallReads = variant.startsWith("small") ? Integer.parseInt(variant.substring(5)) : 0;
            for (int i = 0; i < customers.size(); i++) {
                String customer = customers.get(i);
                if (i == rehearsals && smallReads > 0) {
                    long start = System.nanoTime();
                    for (int read = 0; read < smallReads; read++) {
                        history.recentShipments(customers.get(read % rehearsals), since, 20);
                    }
                    System.out.printf("small-reads,%s,%d,%.2f%n", variant, smallReads, (System.nanoTime() - start) / 1e6);
                }
                long start = System.nanoTime();
                long took;
                int read;
                if (!variant.equals("tree")) {
                    read = history.recentShipments(customer, since, settings.maxExamples()).size();
                    took = -1;
                } else {
                    var response = connection.client(5000).search(search -> search.index(elasticsearch.index())
                            .size(5000).trackTotalHits(track -> track.enabled(false))
                            .source(source -> source.filter(filter -> filter.includes(DOC_VALUE_FIELDS)))
                            .allowPartialSearchResults(false)
                            .query(query -> query.bool(bool -> bool
                                    .filter(filter -> filter.term(term -> term.field("customerId").value(customer)))
                                    .filter(filter -> filter.range(range -> range.date(date -> date
                                            .field("shippedAt").gte(since.toString()))))))
                            .sort(sort -> sort.field(field -> field.field("shippedAt").order(co.elastic.clients.elasticsearch._types.SortOrder.Desc)))
                            .sort(sort -> sort.field(field -> field.field("orderId").order(co.elastic.clients.elasticsearch._types.SortOrder.Asc))),
                            ObjectNode.class);
                    List<Shipment> shipments = new ArrayList<>();
                    for (var hit : response.hits().hits()) {
                        shipments.add(ElasticsearchHistory.shipment(customer, hit.source()));
                    }
                    read = shipments.size();
                    took = response.took();
                }
                System.out.printf("%s,%s,%d,%d,%.2f,%d%n", i < rehearsals ? "rehearsal" : "read", variant, i, read,
                        (System.nanoTime() - start) / 1e6, took);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Raw(byte[] body, double firstByteMillis, double totalMillis) {
        long took(ObjectMapper json) throws java.io.IOException {
            return json.readTree(body).path("took").asLong(-1);
        }
    }

    private static Raw raw(HttpClient http, String url, String body) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            int first = in.read();
            long firstByte = System.nanoTime();
            byte[] rest = in.readAllBytes();
            long end = System.nanoTime();
            if (response.statusCode() != 200) {
                throw new IllegalStateException(response.statusCode() + " " + new String(rest));
            }
            byte[] all = new byte[rest.length + 1];
            all[0] = (byte) first;
            System.arraycopy(rest, 0, all, 1, rest.length);
            return new Raw(all, (firstByte - start) / 1e6, (end - start) / 1e6);
        }
    }

    private HistoryReadProbe() {
    }

}
