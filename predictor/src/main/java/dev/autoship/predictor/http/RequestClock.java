package dev.autoship.predictor.http;

import java.time.Duration;

/**
 * When a connection is waiting for bytes, and since when its current request has been arriving. Read by the
 * {@link ConnectionWatchdog}, which ends connections that wait too long: a request that does not arrive completely
 * within the request timeout of its first byte (slow headers, a slow or unfinished body, a TLS handshake on the plain
 * port), a new connection whose first request does not arrive within the request timeout of its acceptance (a
 * client that connects and sends nothing). Time spent answering a request is never counted: only time blocked
 * reading. A kept-alive connection between requests is Helidon's to close (its idle connection timeout).
 */
final class RequestClock {

    private static final long NOT = Long.MIN_VALUE;

    private final long requestTimeoutNanos;
    private volatile long waitingSince = NOT;
    private volatile long requestStartedAt = NOT;
    private volatile long lingerUntil = NOT;
    private volatile long lingerPauseNanos;

    RequestClock(Duration requestTimeout) {
        this.requestTimeoutNanos = requestTimeout.toNanos();
    }

    /** A new connection: its first request must arrive within the request timeout of now, like any started one. */
    void accepted(long now) {
        requestStartedAt = now;
    }

    void waiting(long now) {
        waitingSince = now;
    }

    /** Bytes arrived (the first bytes of a request start its clock). */
    void received(long now) {
        waitingSince = NOT;
        if (requestStartedAt == NOT) {
            requestStartedAt = now;
        }
    }

    void stoppedWaiting() {
        waitingSince = NOT;
    }

    /** A response (or a 100 Continue) was written: what arrives next is timed afresh. */
    void answered() {
        requestStartedAt = NOT;
    }

    /**
     * From now on the connection only drops what still arrives: it is over once the client pauses for
     * {@code pause} or at {@code until} at the latest.
     */
    void lingering(long now, Duration pause, Duration atMost) {
        lingerPauseNanos = pause.toNanos();
        lingerUntil = now + atMost.toNanos();
    }

    /**
     * Since when the connection has been waiting for a request it has not received whole (its first one: since it
     * was first served), or {@link Long#MIN_VALUE} when it is not waiting for the rest of a request (answering,
     * idle between requests, or dropping a refused body).
     */
    long awaitingRequestSince() {
        long started = requestStartedAt;
        return waitingSince == NOT || lingerUntil != NOT ? NOT : started;
    }

    /** Since when a kept-alive connection has been idle, waiting for its next request, or {@link Long#MIN_VALUE}. */
    long idleSince() {
        long since = waitingSince;
        return requestStartedAt != NOT ? NOT : since;
    }

    boolean lingering() {
        return lingerUntil != NOT;
    }

    boolean expired(long now) {
        long since = waitingSince;
        long lingering = lingerUntil;
        if (lingering != NOT) {
            return now - lingering > 0 || (since != NOT && now - since > lingerPauseNanos);
        }
        if (since == NOT) {
            return false;
        }
        long started = requestStartedAt;
        // between requests (kept alive, idle) only Helidon's idle connection timeout applies
        return started != NOT && now - started > requestTimeoutNanos;
    }
}
