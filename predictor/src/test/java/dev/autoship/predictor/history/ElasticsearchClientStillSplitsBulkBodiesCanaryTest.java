package dev.autoship.predictor.history;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransportBase;
import co.elastic.clients.transport.http.TransportHttpClient.Request;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canary for elastic/elasticsearch-java#1339, the reason {@link OneBufferBodies} exists: the client's transport
 * hands a bulk body to its HTTP client as a buffer per NDJSON line. When this test fails, the client sends a body
 * as one buffer by itself and the workaround can go. It watches that hand-off only: a fix made solely inside the REST
 * client's body entity (writing many buffers per write) would leave it passing, so read the issue on each upgrade.
 */
class ElasticsearchClientStillSplitsBulkBodiesCanaryTest {

    @Test
    void aTwoOperationBulkBodyStillReachesTheHttpClientAsSeveralBuffers() throws IOException {
        CapturingHttpClient http = new CapturingHttpClient("""
                {"took": 1, "errors": false, "items": [
                  {"create": {"_index": "canary", "status": 201}}, {"create": {"_index": "canary", "status": 201}}]}""");
        ElasticsearchClient client = new ElasticsearchClient(new ElasticsearchTransportBase(http, null, new JacksonJsonpMapper()) {
        });

        client.bulk(BulkRequest.of(bulk -> bulk
                .operations(operation -> operation.create(create -> create.index("canary").document(Map.of("n", 1))))
                .operations(operation -> operation.create(create -> create.index("canary").document(Map.of("n", 2))))));

        assertThat(http.requests()).hasSize(1);
        Request sent = http.requests().getFirst();
        assertThat(sent.path()).endsWith("_bulk");
        long buffers = StreamSupport.stream(sent.body().spliterator(), false).filter(ByteBuffer::hasRemaining).count();
        assertThat(buffers)
                .as("elastic/elasticsearch-java#1339 appears fixed: remove OneBufferBodies (the bulk body reached the "
                        + "HTTP client as %d buffer(s))", buffers)
                .isGreaterThan(1);
    }
}
