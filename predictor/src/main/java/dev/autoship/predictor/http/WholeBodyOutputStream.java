package dev.autoship.predictor.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Holds a response body until it is complete and hands it over in one write, so Helidon sends it with a
 * Content-Length instead of chunked (it chunks a body written in pieces or flushed early, as the health endpoint's
 * is). Used for answers that close the connection: HTTP/1.0 clients cannot read chunked bodies, and a closing
 * connection gains nothing from streaming.
 */
final class WholeBodyOutputStream extends OutputStream {

    private final OutputStream response;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean closed;

    WholeBodyOutputStream(OutputStream response) {
        this.response = response;
    }

    @Override
    public void write(int b) {
        body.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        body.write(bytes, offset, length);
    }

    /** Ignored: flushing part of the body would make it chunked. */
    @Override
    public void flush() {
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        body.writeTo(response);
        response.close();
    }
}
