package dev.autoship.predictor.history;

import co.elastic.clients.transport.http.TransportHttpClient.Node;
import co.elastic.clients.transport.http.TransportHttpClient.Request;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OneBufferBodiesTest {

    private static final Node NODE = new Node("http://127.0.0.1:9200");
    private static final Map<String, String> PARAMETERS = Map.of("filter_path", "took,errors");
    private static final Map<String, String> HEADERS = Map.of("Content-Type", "application/x-ndjson");

    private final CapturingHttpClient http = new CapturingHttpClient("{}");
    private final OneBufferBodies oneBuffer = new OneBufferBodies(http);

    /** A bulk body as the client makes it: a buffer per line, a shared separator, one buffer a window of a larger array. */
    private static List<ByteBuffer> lines() {
        ByteBuffer separator = ByteBuffer.wrap("\n".getBytes(StandardCharsets.UTF_8));
        byte[] wider = "xx{\"customerId\":\"Müller & Söhne\",\"carrier\":\"日本郵便\"}yy".getBytes(StandardCharsets.UTF_8);
        return List.of(
                ByteBuffer.wrap("{\"create\":{\"_index\":\"predictions-2026.12.02\"}}".getBytes(StandardCharsets.UTF_8)),
                separator.duplicate(),
                ByteBuffer.wrap(wider, 2, wider.length - 4),
                separator.duplicate());
    }

    private static byte[] bytes(Iterable<ByteBuffer> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : body) {
            ByteBuffer copy = buffer.duplicate();
            byte[] some = new byte[copy.remaining()];
            copy.get(some);
            out.writeBytes(some);
        }
        return out.toByteArray();
    }

    private static Request request(List<ByteBuffer> body) {
        return new Request("POST", "/_bulk", PARAMETERS, HEADERS, body);
    }

    @Test
    void aBodyOfManyBuffersReachesTheHttpClientAsOneBufferOfTheSameBytes() throws IOException {
        List<ByteBuffer> body = lines();
        byte[] expected = bytes(body);

        oneBuffer.performRequest("bulk", NODE, request(body), null);
        oneBuffer.performRequestAsync("bulk", NODE, request(body), null).join();

        assertThat(http.requests()).hasSize(2).allSatisfy(sent -> {
            assertThat(sent.body()).hasSize(1);
            assertThat(bytes(sent.body())).isEqualTo(expected);
            assertThat(sent.method()).isEqualTo("POST");
            assertThat(sent.path()).isEqualTo("/_bulk");
            assertThat(sent.queryParams()).isEqualTo(PARAMETERS);
            assertThat(sent.headers()).isEqualTo(HEADERS);
        });
        assertThat(bytes(body)).as("the caller's buffers are left as they were").isEqualTo(expected);
    }

    @Test
    void requestsWithoutABodyOrWithOneBufferAreHandedOnAsTheyAre() throws IOException {
        Request bodiless = new Request("GET", "/_cluster/health", Map.of(), Map.of(), null);
        Request single = request(List.of(ByteBuffer.wrap("{\"query\":{}}".getBytes(StandardCharsets.UTF_8))));

        oneBuffer.performRequest("health", NODE, bodiless, null);
        oneBuffer.performRequestAsync("search", NODE, single, null).join();

        assertThat(http.requests()).containsExactly(bodiless, single);
    }
}
