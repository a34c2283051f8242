package dev.autoship.operator;

import dev.autoship.operator.dependent.ConflictingWriters;
import dev.autoship.operator.reconciler.PredictorClusterReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.javaoperatorsdk.operator.processing.event.rate.LinearRateLimiter;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All operator wiring in one place: SSA off (the tested path is the shipped path), namespaces, leader election,
 * retry with exponential backoff, rate limiting, Micrometer metrics. {@link OperatorMain} and the tests use this.
 */
public final class PredictorOperator {

    private static final Logger LOG = LoggerFactory.getLogger(PredictorOperator.class);

    private final Operator operator;
    private final AtomicBoolean leading;
    private final AtomicBoolean stopped;

    private PredictorOperator(Operator operator, AtomicBoolean leading, AtomicBoolean stopped) {
        this.operator = operator;
        this.leading = leading;
        this.stopped = stopped;
    }

    public static PredictorOperator create(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
            Clock clock) {
        AtomicBoolean leading = new AtomicBoolean(!settings.leaderElection());
        AtomicBoolean stopped = new AtomicBoolean(false);
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            if (settings.leaderElection()) {
                // JOSDK's own exit-on-stop-leading would call System.exit from inside our shutdown hook and hang it
                var election = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                        .withExitOnStopLeading(false)
                        .withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true), () -> {
                            leading.set(false);
                            if (!stopped.get()) {
                                LOG.error("Lost the leader Lease; exiting so that a fresh process rejoins the election");
                                System.exit(1);
                            }
                        }, leader -> LOG.info("Leader is now {}", leader)));
                settings.operatorNamespace().ifPresent(election::withLeaseNamespace);
                o.withLeaderElectionConfiguration(election.build());
            }
        });
        var conflicts = new ConflictingWriters(settings.conflictBackoff(), clock);
        operator.register(new PredictorClusterReconciler(clock, conflicts), c -> {
            if (!settings.watchNamespaces().isEmpty()) {
                c.settingNamespaces(settings.watchNamespaces());
            }
            c.withRetry(new GenericRetry().setInitialInterval(Duration.ofSeconds(2)).setIntervalMultiplier(2)
                    .setMaxInterval(Duration.ofMinutes(5).toMillis()).setMaxAttempts(20));
            c.withRateLimiter(new LinearRateLimiter(Duration.ofSeconds(1), 10));
            c.withReconciliationMaxInterval(settings.resyncInterval());
        });
        return new PredictorOperator(operator, leading, stopped);
    }

    public void start() {
        operator.start();
    }

    public void stop() {
        stopped.set(true);
        operator.stop();
    }

    /** Ready when started and, on the leader, every informer is healthy; a standby replica is ready while waiting. */
    public boolean isReady() {
        var runtime = operator.getRuntimeInfo();
        return !stopped.get() && runtime.isStarted() && (!leading.get() || runtime.allEventSourcesAreHealthy());
    }

    /**
     * Alive until stopped. Informer sync can take long in big clusters, so liveness does not wait for it; an
     * informer that dies for good makes JOSDK stop the process, which is the restart liveness would cause.
     */
    public boolean isLive() {
        return !stopped.get();
    }
}
