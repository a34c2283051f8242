package dev.autoship.predictor.history;

import co.elastic.clients.transport.TransportOptions;
import co.elastic.clients.transport.http.TransportHttpClient;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends each request body as one buffer. Workaround for elastic/elasticsearch-java#1339, to retire when the client
 * coalesces bodies itself: its REST client transport hands a bulk body to Apache's HTTP client as one buffer per
 * NDJSON line and the body entity writes one buffer per write event, so every line became its own HTTP chunk and
 * socket write (measured here: ~40 µs of predictor CPU per prediction log entry, as much as a prediction).
 */
final class OneBufferBodies implements TransportHttpClient {

    private final TransportHttpClient delegate;

    OneBufferBodies(TransportHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public TransportOptions createOptions(TransportOptions options) {
        return delegate.createOptions(options);
    }

    @Override
    public Response performRequest(String endpointId, Node node, Request request, TransportOptions options)
            throws IOException {
        return delegate.performRequest(endpointId, node, oneBuffer(request), options);
    }

    @Override
    public CompletableFuture<Response> performRequestAsync(String endpointId, Node node, Request request,
                                                           TransportOptions options) {
        return delegate.performRequestAsync(endpointId, node, oneBuffer(request), options);
    }

    static Request oneBuffer(Request request) {
        if (request.body() == null) {
            return request;
        }
        int size = 0;
        int buffers = 0;
        for (ByteBuffer buffer : request.body()) {
            size += buffer.remaining();
            buffers++;
        }
        if (buffers <= 1) {
            return request;
        }
        ByteBuffer body = ByteBuffer.allocate(size);
        for (ByteBuffer buffer : request.body()) {
            body.put(buffer.duplicate());
        }
        return new Request(request.method(), request.path(), request.queryParams(), request.headers(),
                List.of(body.flip()));
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
