package dev.autoship.predictor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description the predictor serves at {@code /openapi} is held to the real server: every documented
 * operation exists and answers with a documented status, every other method on a documented path is a 405, and
 * the errors the API really sends are documented for their operation, with their codes.
 */
class OpenApiDescriptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final int MAX_BYTES = 20_000;
    private static PredictorServer server;
    private static Map<String, Object> description;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void start() throws Exception {
        server = PredictorServer.create(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0",
                "AUTOSHIP_MAX_REQUEST_BYTES", Integer.toString(MAX_BYTES)))).start();
        HttpResponse<String> yaml = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/openapi")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(yaml.statusCode()).isEqualTo(200);
        description = new Yaml().load(yaml.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> paths() {
        return (Map<String, Map<String, Object>>) description.get("paths");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documentedStatuses(String path, String method) {
        Map<String, Object> operation = (Map<String, Object>) paths().get(path).get(method.toLowerCase());
        return ((Map<String, Object>) operation.get("responses")).keySet();
    }

    /** An operation (or its whole path) that names servers of its own is one of the management port. */
    @SuppressWarnings("unchecked")
    private static boolean onTheManagementPort(String path, String method) {
        Map<String, Object> item = paths().get(path);
        if (item == null) {
            return false;
        }
        Object operation = method == null ? null : item.get(method.toLowerCase());
        return item.containsKey("servers")
                || (operation instanceof Map<?, ?> map && ((Map<String, Object>) map).containsKey("servers"));
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(method, path, body, onTheManagementPort(path, method) ? server.managementPort() : server.port());
    }

    /** Another method than those documented is asked on the port that serves the path's documented GET or POST. */
    private HttpResponse<String> callOtherMethod(String method, String path) throws Exception {
        return call(method, path, null, paths().get(path).containsKey("servers") ? server.managementPort() : server.port());
    }

    private HttpResponse<String> call(String method, String path, String body, int port) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + path.replace("{customerId}", "demo-customer-01")))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String order() throws Exception {
        return Files.readString(Path.of("..", "examples", "order.json"));
    }

    private static String bodyFor(String path) throws Exception {
        return path.endsWith("/batch") ? Files.readString(Path.of("..", "examples", "orders-batch.json")) : order();
    }

    @Test
    void servedAsJsonToo() throws Exception {
        HttpResponse<String> json = call("GET", "/openapi?format=JSON", null);

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(json.body()).at("/openapi").asText()).startsWith("3.");
    }

    @Test
    void everyDocumentedOperationExistsAndAnswersADocumentedStatus() throws Exception {
        call("POST", "/v1/predictions", order());  // a model for GET /v1/models/{customerId}
        for (String path : paths().keySet()) {
            for (String method : METHODS) {
                if (!paths().get(path).containsKey(method.toLowerCase())) {
                    continue;
                }
                HttpResponse<String> response = call(method, path, method.equals("POST") ? bodyFor(path) : null);
                assertThat(documentedStatuses(path, method)).as(method + " " + path)
                        .contains(Integer.toString(response.statusCode()));
            }
        }
    }

    @Test
    void everyOtherMethodOnADocumentedPathIsA405() throws Exception {
        for (String path : paths().keySet()) {
            for (String method : METHODS) {
                if (paths().get(path).containsKey(method.toLowerCase())) {
                    continue;
                }
                HttpResponse<String> response = callOtherMethod(method, path);
                assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).as(method + " " + path).isPresent();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void errorsTheApiSendsAreDocumentedWithTheirCodes() throws Exception {
        Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) description.get("components")).get("schemas");
        List<String> codes = (List<String>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                schemas.get("ApiError")).get("properties")).get("error")).get("enum");
        Map<String, String> requests = Map.of(
                "{\"customerId\": ", "/v1/predictions",
                order().replace("\"A-10001\"", "42"), "/v1/predictions",
                order().replace("demo-customer-01", "demo-customer-31"), "/v1/predictions",
                "{\"customerId\": \"c\", \"orders\": []}", "/v1/predictions/batch",
                "{\"customerId\": \"" + "x".repeat(MAX_BYTES) + "\"}", "/v1/predictions/batch");
        for (Map.Entry<String, String> request : requests.entrySet()) {
            HttpResponse<String> response = call("POST", request.getValue(), request.getKey());
            JsonNode error = JSON.readTree(response.body());
            assertThat(documentedStatuses(request.getValue(), "POST")).contains(Integer.toString(response.statusCode()));
            assertThat(codes).contains(error.get("error").asText());
        }
        HttpResponse<String> noModel = call("GET", "/v1/models/never-seen", null);
        assertThat(documentedStatuses("/v1/models/{customerId}", "GET")).contains(Integer.toString(noModel.statusCode()));
        assertThat(codes).contains(JSON.readTree(noModel.body()).get("error").asText(),
                JSON.readTree(call("GET", "/nothing", null).body()).get("error").asText(),
                JSON.readTree(call("GET", "/v1/predictions", null).body()).get("error").asText());
    }
}
