package dev.autoship.predictor.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The connections a port serves, at most {@code max} at once. A new connection beyond the budget is not made to
 * wait: it takes the place of the connection that has waited longest for a request it has not received whole (a
 * client that connected and sent nothing, or is trickling a request in), else of the kept-alive connection idle
 * longest; only when every connection is answering a request is the new one closed at once. So a flood of silent
 * or slow connections cannot keep health checks and real clients out: they get in at once, and the flood's own
 * connections last at most the request timeout. (Helidon 4.5 would stop accepting instead: see
 * {@link GuardedHttp1Selector#acceptLimit()}.)
 */
final class ConnectionBudget {

    /** A connection as the budget sees it. */
    interface Member {
        RequestClock clock();

        /** Closes the connection now (its blocked read fails, and Helidon ends it quietly). */
        void abort();
    }

    private static final long NOT = Long.MIN_VALUE;

    private final int max;
    private final Consumer<CloseReason> closed;
    private final Set<Member> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger places = new AtomicInteger();
    private final Object shedding = new Object();

    /** @param closed told of every connection the budget closes */
    ConnectionBudget(int max, Consumer<CloseReason> closed) {
        this.max = max;
        this.closed = closed;
    }

    /**
     * Admits a new connection, closing another one if the budget is full.
     *
     * @return false when the new connection must be closed at once (every open one is answering a request)
     */
    boolean admit(Member connection) {
        for (int taken = places.get(); taken < max; taken = places.get()) {
            if (places.compareAndSet(taken, taken + 1)) {
                open.add(connection);
                return true;
            }
        }
        Member shed;
        synchronized (shedding) {
            do {
                shed = longestWaiting();
                // the shed connection's place goes to the new one; a connection that left meanwhile is passed over
            } while (shed != null && !open.remove(shed));
            if (shed != null) {
                open.add(connection);
            }
        }
        if (shed == null) {
            closed.accept(CloseReason.OVER_LIMIT);
            return false;
        }
        try {
            shed.abort();
        } catch (RuntimeException e) {
            // the shed connection is broken either way, and the new one must not fail for it
        }
        closed.accept(CloseReason.SHED);
        return true;
    }

    /** The connection has ended; its place is free (unless it was already given away). */
    void leave(Member connection) {
        if (open.remove(connection)) {
            places.decrementAndGet();
        }
    }

    /** Takes the connection out of the budget to close it; false if it has already left or been closed. */
    boolean release(Member connection) {
        if (open.remove(connection)) {
            places.decrementAndGet();
            return true;
        }
        return false;
    }

    Iterable<Member> open() {
        return open;
    }

    private Member longestWaiting() {
        Member awaiting = null;
        long awaitingSince = NOT;
        Member idle = null;
        long idleSince = NOT;
        for (Member member : open) {
            RequestClock clock = member.clock();
            long since = clock.awaitingRequestSince();
            if (since != NOT) {
                if (awaiting == null || since - awaitingSince < 0) {
                    awaiting = member;
                    awaitingSince = since;
                }
                continue;
            }
            since = clock.idleSince();
            if (since != NOT && (idle == null || since - idleSince < 0)) {
                idle = member;
                idleSince = since;
            }
        }
        return awaiting != null ? awaiting : idle;
    }
}
