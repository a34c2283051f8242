package dev.autoship.predictor.history;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;
import co.elastic.clients.util.BinaryData;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The HTTP layer under an elasticsearch-java transport, reduced to keeping each request it is handed and answering
 * every one with the same JSON body, as Elasticsearch would (its product header included).
 */
final class CapturingHttpClient implements TransportHttpClient {

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final byte[] answer;

    CapturingHttpClient(String answer) {
        this.answer = answer.getBytes(StandardCharsets.UTF_8);
    }

    List<Request> requests() {
        return requests;
    }

    @Override
    public Response performRequest(String endpointId, Node node, Request request, TransportOptions options) {
        requests.add(request);
        return new Answer(node, BinaryData.of(answer, "application/json"));
    }

    @Override
    public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                           TransportOptions options) {
        return CompletableFuture.completedFuture(performRequest(endpointId, node, request, options));
    }

    @Override
    public void close() {
    }

    private record Answer(Node node, BinaryData body) implements Response {
        @Override
        public int statusCode() {
            return 200;
        }

        @Override
        public String header(String name) {
            return switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "x-elastic-product" -> "Elasticsearch";
                case "content-type" -> "application/json";
                default -> null;
            };
        }

        @Override
        public List<String> headers(String name) {
            String value = header(name);
            return value == null ? List.of() : List.of(value);
        }

        @Override
        public Object originalResponse() {
            return null;
        }

        @Override
        public void close() {
        }
    }
}
