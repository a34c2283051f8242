package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when something else keeps undoing what the operator writes into one of its objects (a mutating admission
 * webhook, another controller, an API server storing a value in another form), so that the two do not fight
 * forever. Every write of a dependent is recorded with the hash of its desired state; when the same desired state
 * had to be written {@link ConflictBackoff#writes()} times within {@link ConflictBackoff#window()}, the object is
 * held: the operator does not write it again until a pause has passed, each pause twice as long as the last, up to
 * the maximum. A write after a pause is a probe: if nothing undoes it, the object is found matching later and the
 * fight is over.
 *
 * <p>One instance per operator, shared by the reconciliations of all clusters (which run in parallel); it reaches the
 * dependents through the reconciliation's context ({@link #of(Context)}).
 */
public final class ConflictingWriters {

    /**
     * An object being fought over: which one, the JSON pointer that keeps changing, until when it is held, and the
     * longest pause between the operator's writes.
     */
    public record Fight(String kind, String name, String path, Instant heldUntil, Duration maxPause) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConflictingWriters.class);
    private static final String CONTEXT_KEY = ConflictingWriters.class.getName();

    /** One dependent of one cluster. */
    private record Target(String clusterUid, String kind, String namespace, String name) {

        static Target of(PredictorCluster cluster, HasMetadata dependent) {
            return new Target(cluster.getMetadata().getUid(), dependent.getKind(),
                    dependent.getMetadata().getNamespace(), dependent.getMetadata().getName());
        }
    }

    /** What was written into one dependent lately. Guarded by its own monitor. */
    private static final class History {
        private String desiredHash;
        private final Deque<Instant> writes = new ArrayDeque<>();
        private int pauses;
        private Instant heldUntil;
        private String path;
        private boolean fighting;
    }

    private final ConflictBackoff backoff;
    private final Clock clock;
    private final Map<Target, History> histories = new ConcurrentHashMap<>();

    public ConflictingWriters(ConflictBackoff backoff, Clock clock) {
        this.backoff = backoff;
        this.clock = clock;
    }

    /** Makes this instance reachable from the dependents reconciled with {@code context}. */
    public void joinReconciliation(Context<PredictorCluster> context) {
        context.managedWorkflowAndDependentResourceContext().put(CONTEXT_KEY, this);
    }

    static ConflictingWriters of(Context<PredictorCluster> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(CONTEXT_KEY, ConflictingWriters.class);
    }

    /**
     * The dependent holds its desired state. After its pause that means the other writer has stopped; during a pause
     * it proves nothing (the probe was just written, the other writer has not answered yet), so the fight goes on.
     */
    void matches(PredictorCluster cluster, HasMetadata dependent) {
        History history = histories.get(Target.of(cluster, dependent));
        if (history != null) {
            synchronized (history) {
                if (history.heldUntil == null || !clock.instant().isBefore(history.heldUntil)) {
                    history.fighting = false;
                }
            }
        }
    }

    /**
     * The dependent differs from its desired state at {@code path}; true while it is held, i.e. the operator must
     * not write it now.
     */
    boolean held(PredictorCluster cluster, HasMetadata dependent, String path) {
        History history = histories.get(Target.of(cluster, dependent));
        if (history == null) {
            return false;
        }
        synchronized (history) {
            if (history.heldUntil == null || !clock.instant().isBefore(history.heldUntil)) {
                return false;
            }
            history.fighting = true;
            history.path = path;
            return true;
        }
    }

    /** The operator wrote {@code dependent} with the desired state {@code desiredHash}, changing it at {@code path}. */
    void wrote(PredictorCluster cluster, HasMetadata dependent, String desiredHash, String path) {
        Instant now = clock.instant();
        Target target = Target.of(cluster, dependent);
        History history = histories.computeIfAbsent(target, t -> new History());
        synchronized (history) {
            if (!desiredHash.equals(history.desiredHash)) {
                // a new desired state: writing it is no sign of a fight
                history.desiredHash = desiredHash;
                history.writes.clear();
                history.pauses = 0;
                history.heldUntil = null;
                history.fighting = false;
            }
            history.writes.addLast(now);
            while (history.writes.getFirst().isBefore(now.minus(backoff.window()))) {
                history.writes.removeFirst();
            }
            if (history.writes.size() == 1) {
                history.pauses = 0;
            }
            history.path = path;
            if (history.writes.size() >= backoff.writes()) {
                history.pauses++;
                history.heldUntil = now.plus(backoff.pause(history.pauses));
                history.fighting = true;
                LOG.warn("{} {}/{} was written {} times with the same desired state within {}: something else keeps "
                        + "changing {}; not writing it again before {}", target.kind(), target.namespace(),
                        target.name(), history.writes.size(), backoff.window(), path, history.heldUntil);
            }
        }
        forgetQuietOnes(now);
    }

    /** The fight over one of {@code cluster}'s objects, if any (the one held longest when there are several). */
    public Optional<Fight> fight(PredictorCluster cluster) {
        String uid = cluster.getMetadata().getUid();
        return histories.entrySet().stream()
                .filter(e -> e.getKey().clusterUid().equals(uid))
                .map(e -> {
                    synchronized (e.getValue()) {
                        History h = e.getValue();
                        return h.fighting ? new Fight(e.getKey().kind(), e.getKey().name(), h.path, h.heldUntil,
                                backoff.maxPause()) : null;
                    }
                })
                .filter(fight -> fight != null)
                .max(Comparator.comparing(Fight::heldUntil, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    /**
     * When to look at a fight again: at the end of its pause (the probe write), and meanwhile every first pause, which
     * costs a reconciliation without writes and ends the fight as soon as the object is found as the operator left it.
     */
    public Duration recheckAfter(Fight fight) {
        Duration untilProbe = fight.heldUntil() == null ? Duration.ZERO
                : Duration.between(clock.instant(), fight.heldUntil());
        return untilProbe.isNegative() || untilProbe.isZero() || untilProbe.compareTo(backoff.firstPause()) > 0
                ? backoff.firstPause() : untilProbe;
    }

    /** Histories with no write in the window and no fight are dropped, so deleted clusters leave nothing behind. */
    private void forgetQuietOnes(Instant now) {
        Instant horizon = now.minus(backoff.window()).minus(backoff.maxPause());
        histories.values().removeIf(history -> {
            synchronized (history) {
                return !history.fighting && !history.writes.isEmpty() && history.writes.getLast().isBefore(horizon);
            }
        });
    }
}
