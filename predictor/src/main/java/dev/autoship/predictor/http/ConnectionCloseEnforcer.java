package dev.autoship.predictor.http;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Ends the connection once a response saying {@code Connection: close} has been sent.
 * <p>
 * Helidon 4.5's HTTP/1.1 connection writes that header (after a 413, a broken chunked body, a client's own
 * {@code Connection: close}) but then keeps reading the socket and parses whatever follows as a new request, so a
 * request hidden in the unread body of a refused one would run (request smuggling), and requests pipelined after
 * a client's {@code Connection: close} would too (RFC 9112 §9.6: must not be processed). Throwing
 * {@link CloseConnectionException} is Helidon's own way to leave its connection loop: the socket is closed and the
 * unread bytes are never parsed. It is thrown here, after the routes and their error handlers have answered,
 * because thrown from inside an error handler Helidon would log it as a failed request.
 * <p>
 * Answers to a request that asked to close (every HTTP/1.0 request does, see {@link Http10Request}) are sent
 * whole, with a Content-Length ({@link WholeBodyOutputStream}).
 */
public final class ConnectionCloseEnforcer implements Filter {

    private volatile boolean draining;

    /**
     * From now on every answer says {@code Connection: close} and ends its connection (shutting down: clients
     * learn from the answer itself not to send another request on this connection).
     */
    public void drain() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
            res.streamFilter(WholeBodyOutputStream::new);
        }
        if (draining) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        chain.proceed();
        if (res.isSent() && res.headers().containsToken(HeaderValues.CONNECTION_CLOSE)) {
            throw new CloseConnectionException("the response said Connection: close");
        }
    }
}
