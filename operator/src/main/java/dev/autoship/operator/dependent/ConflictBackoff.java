package dev.autoship.operator.dependent;

import java.time.Duration;

/**
 * When the operator stops fighting another writer of one of its objects: after {@code writes} writes of the same
 * desired state within {@code window}, it pauses writing that object, first for {@code firstPause}, each further
 * pause twice as long, at most {@code maxPause}.
 */
public record ConflictBackoff(int writes, Duration window, Duration firstPause, Duration maxPause) {

    public static final ConflictBackoff DEFAULT =
            new ConflictBackoff(5, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(10));

    public ConflictBackoff {
        if (writes < 2 || window.isNegative() || window.isZero() || firstPause.isNegative() || firstPause.isZero()
                || maxPause.compareTo(firstPause) < 0) {
            throw new IllegalArgumentException("a conflict backoff needs at least 2 writes, a positive window and "
                    + "0 < firstPause <= maxPause, got " + writes + ", " + window + ", " + firstPause + ", " + maxPause);
        }
    }

    /** The {@code n}-th pause of a fight (1 = the first). */
    Duration pause(int n) {
        Duration pause = firstPause;
        for (int i = 1; i < n && pause.compareTo(maxPause) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxPause) > 0 ? maxPause : pause;
    }
}
