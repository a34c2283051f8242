package dev.autoship.benchmarks.hostile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One attack: how every hostile connection ended and every probe answered. The attack lasts from
 * {@code startNanos} (the first connect) until the server closed the last hostile connection, or until the
 * observation ended when some were never closed.
 */
record AttackResult(long startNanos, long observationEndNanos, List<Closure> closures, List<ProbeAnswer> health,
                    List<ProbeAnswer> predictions, double predictorCpuSeconds) {

    long count(HostileKind kind) {
        return closures.stream().filter(c -> c.kind() == kind).count();
    }

    long closedByServer(HostileKind kind) {
        return closures.stream().filter(c -> c.kind() == kind && c.closedByServer()).count();
    }

    long closedWithin(double seconds) {
        return closures.stream().filter(c -> c.closedByServer() && c.closedAfterSeconds(startNanos) <= seconds).count();
    }

    boolean allClosedByServer() {
        return closures.stream().allMatch(Closure::closedByServer);
    }

    /** Percentile (0..100) of the seconds from the attack's start until the server closed a connection of that kind. */
    double closedAfterSeconds(HostileKind kind, double percentile) {
        double[] seconds = closures.stream().filter(c -> c.kind() == kind && c.closedByServer())
                .mapToDouble(c -> c.closedAfterSeconds(startNanos)).sorted().toArray();
        return percentile(seconds, percentile);
    }

    /** Seconds from the attack's start until the last hostile connection was connected (the kernel's backlog full: later). */
    double connectedAfterSeconds() {
        return closures.stream().filter(c -> c.openedAtNanos() >= 0).mapToLong(Closure::openedAtNanos).max()
                .stream().mapToDouble(opened -> (opened - startNanos) / 1e9).findFirst().orElse(Double.NaN);
    }

    /** How many hostile connections the server closed in each whole second since the attack's start. */
    Map<Long, Long> closedPerSecond() {
        return closures.stream().filter(Closure::closedByServer).collect(Collectors.groupingBy(
                c -> (long) c.closedAfterSeconds(startNanos), TreeMap::new, Collectors.counting()));
    }

    long attackEndNanos() {
        if (!allClosedByServer()) {
            return observationEndNanos;
        }
        return closures.stream().mapToLong(Closure::endedAtNanos).max().orElse(startNanos);
    }

    double attackSeconds() {
        return (attackEndNanos() - startNanos) / 1e9;
    }

    List<ProbeAnswer> healthDuringAttack() {
        return health.stream().filter(during()).toList();
    }

    /** Health probes sent before the attack: what the machine's load alone does to them. */
    List<ProbeAnswer> healthBefore() {
        return health.stream().filter(p -> p.sentAtNanos() < startNanos).toList();
    }

    static double latencyMillis(List<ProbeAnswer> probes, double percentile) {
        return percentile(probes.stream().mapToDouble(ProbeAnswer::latencyMillis).sorted().toArray(), percentile);
    }

    double healthLatencyMillis(double percentile) {
        return latencyMillis(healthDuringAttack(), percentile);
    }

    long predictionFailuresDuringAttack() {
        return predictions.stream().filter(during()).filter(p -> !p.answered()).count();
    }

    /**
     * Seconds from the attack's start until predictions answered again for good: when the answer came to the first
     * answered probe sent after the last unanswered one; 0 when no probe went unanswered; NaN when none answered after.
     */
    double predictionsBackAfterSeconds() {
        int lastFailure = -1;
        for (int i = 0; i < predictions.size(); i++) {
            if (!predictions.get(i).answered()) {
                lastFailure = i;
            }
        }
        if (lastFailure < 0) {
            return 0;
        }
        return predictions.subList(lastFailure + 1, predictions.size()).stream().findFirst()
                .map(p -> (p.sentAtNanos() + p.latencyNanos() - startNanos) / 1e9).orElse(Double.NaN);
    }

    /** How the hostile connections ended, e.g. {@code SILENT closed, no answer=2000}. */
    Map<String, Long> endings() {
        return closures.stream().collect(Collectors.groupingBy(
                c -> c.kind() + " " + c.how() + ", " + (c.answerStatus() == 0 ? "no answer" : "answered " + c.answerStatus()),
                TreeMap::new, Collectors.counting()));
    }

    /** Why probes went unanswered, with counts. */
    static Map<String, Long> failures(List<ProbeAnswer> probes) {
        return probes.stream().filter(p -> !p.answered())
                .collect(Collectors.groupingBy(p -> p.status() != 0 ? "status " + p.status() : p.failure(), TreeMap::new,
                        Collectors.counting()));
    }

    private Predicate<ProbeAnswer> during() {
        long end = attackEndNanos();
        return p -> p.sentAtNanos() >= startNanos && p.sentAtNanos() <= end;
    }

    private static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
