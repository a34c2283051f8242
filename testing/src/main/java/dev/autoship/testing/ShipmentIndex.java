package dev.autoship.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A shipments index of a real Elasticsearch (docs/architecture.md, contract 1), created with the mapping the
 * predictor ships ({@value #MAPPING}, found on the classpath) and bulk-loaded with shipment documents. A
 * document's id is {@code customerId/orderId}, so loading a shipment again replaces it.
 */
public final class ShipmentIndex implements AutoCloseable {

    public static final String MAPPING = "/elasticsearch/shipments-mapping.json";
    private static final int BULK_DOCUMENTS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String index;

    /** Opens {@code index}, creating it when it does not exist yet. */
    public ShipmentIndex(String url, String index) {
        this.url = url;
        this.index = index;
        if (send("HEAD", "/" + index, "", "application/json").statusCode() == 404) {
            expectSuccess("PUT", "/" + index, mapping(), "application/json");
        }
    }

    /** Loads the documents and makes them searchable before returning. */
    public void add(List<? extends JsonNode> documents) {
        bulk(documents, "?refresh=true");
    }

    /** Loads the documents without waiting for them to be searchable; see {@link #finishLoading()}. */
    public void load(List<? extends JsonNode> documents) {
        bulk(documents, "");
    }

    /** Makes everything loaded searchable and compacts the index, as a long-lived production index would be. */
    public void finishLoading() {
        expectSuccess("POST", "/" + index + "/_refresh", "", "application/json");
        expectSuccess("POST", "/" + index + "/_forcemerge?max_num_segments=1", "", "application/json");
    }

    private void bulk(List<? extends JsonNode> documents, String query) {
        for (int from = 0; from < documents.size(); from += BULK_DOCUMENTS) {
            StringBuilder body = new StringBuilder();
            for (JsonNode document : documents.subList(from, Math.min(documents.size(), from + BULK_DOCUMENTS))) {
                String id = document.path("customerId").asText() + "/" + document.path("orderId").asText();
                ObjectNode action = JSON.createObjectNode();
                action.putObject("index").put("_id", id);
                body.append(action).append('\n').append(document).append('\n');
            }
            String response = expectSuccess("POST", "/" + index + "/_bulk" + query, body.toString(), "application/x-ndjson");
            if (response.contains("\"errors\":true")) {
                throw new IllegalStateException("bulk load into " + index + " had errors: "
                        + response.substring(0, Math.min(2000, response.length())));
            }
        }
    }

    private static String mapping() {
        try (InputStream mapping = ShipmentIndex.class.getResourceAsStream(MAPPING)) {
            if (mapping == null) {
                throw new IllegalStateException(MAPPING + " (shipped in the predictor's jar) is not on the classpath");
            }
            return new String(mapping.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String expectSuccess(String method, String path, String body, String contentType) {
        HttpResponse<String> response = send(method, path, body, contentType);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
