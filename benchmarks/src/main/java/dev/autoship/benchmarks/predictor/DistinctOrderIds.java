package dev.autoship.benchmarks.predictor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Gives every request sent its own orderId, so that nothing keyed by order (a log, a cache) sees the same order
 * twice however long the load runs: bodies made by {@link PredictionRequests#single(java.util.List, int, boolean)}
 * end each orderId with a slot of {@value #DIGITS} zeros, and each send gets a copy with the next number written
 * there.
 */
public final class DistinctOrderIds implements UnaryOperator<byte[]> {

    static final int DIGITS = 12;
    static final String SLOT = "~" + "0".repeat(DIGITS);
    private static final byte[] SLOT_BYTES = (SLOT + "\"").getBytes(StandardCharsets.UTF_8);

    private final AtomicLong next = new AtomicLong();

    @Override
    public byte[] apply(byte[] body) {
        int at = indexOf(body);
        if (at < 0) {
            throw new IllegalArgumentException("the body has no orderId slot: " + new String(body, StandardCharsets.UTF_8));
        }
        byte[] stamped = Arrays.copyOf(body, body.length);
        long number = next.incrementAndGet();
        for (int i = at + DIGITS; i > at; i--) {
            stamped[i] = (byte) ('0' + number % 10);
            number /= 10;
        }
        return stamped;
    }

    /** How many orderIds were handed out. */
    public long sent() {
        return next.get();
    }

    private static int indexOf(byte[] body) {
        outer:
        for (int i = 0; i <= body.length - SLOT_BYTES.length; i++) {
            for (int j = 0; j < SLOT_BYTES.length; j++) {
                if (body[i + j] != SLOT_BYTES[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
