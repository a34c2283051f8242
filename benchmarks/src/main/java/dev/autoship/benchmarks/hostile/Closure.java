package dev.autoship.benchmarks.hostile;

/**
 * How one hostile connection ended: {@code how} is {@code closed} (the server closed it: read returned -1),
 * {@code reset}, {@code still open} (the client gave up at the end of the observation) or {@code connect failed};
 * {@code answerStatus} is the status the server wrote before closing (0: none). Times are {@link System#nanoTime()}.
 */
record Closure(HostileKind kind, long openedAtNanos, long endedAtNanos, String how, int answerStatus) {

    boolean closedByServer() {
        return how.equals("closed") || how.equals("reset");
    }

    /** Seconds from {@code startNanos} (the attack's start) until the server closed it. */
    double closedAfterSeconds(long startNanos) {
        return (endedAtNanos - startNanos) / 1e9;
    }
}
