package dev.autoship.benchmarks.load;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.net.URI;
import java.time.Duration;

/**
 * Helidon's blocking HTTP/1.1 WebClient with keep-alive: each virtual thread that calls
 * {@link #post} at the same time holds its own pooled connection, so N workers are N connections.
 */
public final class PredictorClient {
    private final WebClient client;

    public PredictorClient(URI predictor, int connections, Duration timeout) {
        this.client = WebClient.builder()
                .baseUri(predictor.toString())
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .keepAlive(true)
                .sendExpectContinue(false)
                .connectionCacheSize(Math.max(256, connections))
                .build();
    }

    /** POSTs a JSON body and returns the status with the body read to the end (needed for keep-alive). */
    public Response post(String path, byte[] body) {
        try (HttpClientResponse response = client.post(path).contentType(MediaTypes.APPLICATION_JSON).submit(body)) {
            int status = response.status().code();
            return new Response(status, status / 100 == 2 ? "" : response.as(String.class));
        }
    }

    /** POSTs a JSON body and returns status and body, whatever the status. */
    public Response exchange(String path, byte[] body) {
        try (HttpClientResponse response = client.post(path).contentType(MediaTypes.APPLICATION_JSON).submit(body)) {
            return new Response(response.status().code(), response.as(String.class));
        }
    }

    public Response get(String path) {
        try (HttpClientResponse response = client.get(path).request()) {
            return new Response(response.status().code(), response.as(String.class));
        }
    }

    public record Response(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }
}
