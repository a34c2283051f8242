package dev.autoship.benchmarks.hostile;

/** One probe: when it was sent, how long until its answer was read (or it failed), the status (0: none). */
record ProbeAnswer(long sentAtNanos, long latencyNanos, int status, String failure) {

    boolean answered() {
        return status / 100 == 2;
    }

    double latencyMillis() {
        return latencyNanos / 1e6;
    }
}
