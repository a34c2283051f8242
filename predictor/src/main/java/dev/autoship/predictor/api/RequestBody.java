package dev.autoship.predictor.api;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Reads a request body. A body that cannot be read to its end (larger than allowed, broken chunk framing) is an
 * error whose answer closes the connection, since where the next request would start is unknown. A client that
 * goes away mid-body just ends its connection: nothing to answer, nothing to log as an error.
 */
final class RequestBody {

    private final long maxBytes;

    RequestBody(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    byte[] read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try {
            return readEntity(req);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (DataReader.InsufficientDataAvailableException e) {
            throw new CloseConnectionException("client closed the connection before sending the whole body", e);
        } catch (UncheckedIOException e) {
            throw new CloseConnectionException("request body could not be read from the connection", e);
        } catch (RequestException e) {
            if (e.status().code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
                throw new ApiException(e.status(), "payload_too_large", tooLarge(), true);
            }
            throw new ApiException(Status.BAD_REQUEST_400, "invalid_request",
                    "request body could not be read: " + e.getMessage(), true);
        } catch (RuntimeException e) {
            // Helidon 4.5 reports an unparsable chunk size as a NumberFormatException
            throw new ApiException(Status.BAD_REQUEST_400, "invalid_request",
                    "request body is not valid chunked transfer coding: " + e.getMessage(), true);
        }
    }

    String tooLarge() {
        return "request body is larger than " + maxBytes + " bytes";
    }

    /**
     * With a Content-Length (already checked against the size limit by the server) the body is read straight into
     * an array of that size: reading to the end of the stream instead allocates a 16 KiB buffer per request, which
     * was most of the predictor's garbage under load.
     */
    private static byte[] readEntity(ServerRequest req) {
        OptionalLong length = req.headers().contentLength();
        if (length.isEmpty() || length.getAsLong() > Integer.MAX_VALUE) {
            return req.content().as(byte[].class);
        }
        byte[] body = new byte[(int) length.getAsLong()];
        try (InputStream in = req.content().inputStream()) {
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
