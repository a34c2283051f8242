package dev.autoship.benchmarks.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.history.Shipment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The {@code shipments} index of a real Elasticsearch: created with the mapping of docs/architecture.md (contract 1) and bulk-loaded. */
public final class ShipmentIndex {
    public static final String NAME = "shipments";
    private static final String MAPPING = """
            {"settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "-1"},
             "mappings": {"properties": {
               "customerId": {"type": "keyword"}, "orderId": {"type": "keyword"}, "shippedAt": {"type": "date"},
               "order": {"properties": {
                 "weightOz": {"type": "float"}, "lengthIn": {"type": "float"}, "widthIn": {"type": "float"},
                 "heightIn": {"type": "float"}, "orderTotal": {"type": "float"}, "itemCount": {"type": "integer"},
                 "store": {"type": "keyword"}, "requestedService": {"type": "keyword"},
                 "shipTo": {"properties": {"country": {"type": "keyword"}, "state": {"type": "keyword"},
                   "postalCode": {"type": "keyword"}, "residential": {"type": "boolean"}}}}},
               "shipment": {"properties": {"carrier": {"type": "keyword"}, "service": {"type": "keyword"},
                 "packaging": {"type": "keyword"}}}}}}
            """;
    private static final int BULK_DOCUMENTS = 5000;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ShipmentJson documents = new ShipmentJson(json);
    private final URI elasticsearch;

    public ShipmentIndex(URI elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    public void create() throws IOException, InterruptedException {
        send("PUT", "/" + NAME, MAPPING, "application/json");
    }

    public void load(List<Shipment> shipments) throws IOException, InterruptedException {
        for (int from = 0; from < shipments.size(); from += BULK_DOCUMENTS) {
            StringBuilder body = new StringBuilder();
            for (Shipment shipment : shipments.subList(from, Math.min(shipments.size(), from + BULK_DOCUMENTS))) {
                body.append("{\"index\":{}}\n").append(json.writeValueAsString(documents.document(shipment))).append('\n');
            }
            String response = send("POST", "/" + NAME + "/_bulk", body.toString(), "application/x-ndjson");
            if (response.contains("\"errors\":true")) {
                throw new IOException("bulk load into " + NAME + " had errors: " + response.substring(0, Math.min(2000, response.length())));
            }
        }
    }

    /** Makes everything loaded searchable and compacts the index, as a long-lived production index would be. */
    public void finishLoading() throws IOException, InterruptedException {
        send("PUT", "/" + NAME + "/_settings", "{\"index\": {\"refresh_interval\": \"1s\"}}", "application/json");
        send("POST", "/" + NAME + "/_refresh", "", "application/json");
        send("POST", "/" + NAME + "/_forcemerge?max_num_segments=1", "", "application/json");
    }

    private String send(String method, String path, String body, String contentType) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(elasticsearch.resolve(path))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }
}
