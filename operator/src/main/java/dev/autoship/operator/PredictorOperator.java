package dev.autoship.operator;

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

/**
 * All operator wiring in one place: SSA off (the tested path is the shipped path), namespaces, leader election,
 * retry with exponential backoff, rate limiting, Micrometer metrics. {@link OperatorMain} and the tests use this.
 */
public final class PredictorOperator {

    private final Operator operator;
    private final AtomicBoolean leading;

    private PredictorOperator(Operator operator, AtomicBoolean leading) {
        this.operator = operator;
        this.leading = leading;
    }

    public static PredictorOperator create(KubernetesClient client, OperatorSettings settings, MeterRegistry registry,
            Clock clock) {
        AtomicBoolean leading = new AtomicBoolean(!settings.leaderElection());
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client)
                    .withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false)
                    .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry));
            if (settings.leaderElection()) {
                var election = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(settings.leaseName())
                        .withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true), () -> leading.set(false),
                                leader -> { }));
                settings.operatorNamespace().ifPresent(election::withLeaseNamespace);
                o.withLeaderElectionConfiguration(election.build());
            }
        });
        operator.register(new PredictorClusterReconciler(clock), c -> {
            if (!settings.watchNamespaces().isEmpty()) {
                c.settingNamespaces(settings.watchNamespaces());
            }
            c.withRetry(new GenericRetry().setInitialInterval(Duration.ofSeconds(2)).setIntervalMultiplier(2)
                    .setMaxInterval(Duration.ofMinutes(5).toMillis()).setMaxAttempts(20));
            c.withRateLimiter(new LinearRateLimiter(Duration.ofSeconds(1), 10));
            c.withReconciliationMaxInterval(settings.resyncInterval());
        });
        return new PredictorOperator(operator, leading);
    }

    public void start() {
        operator.start();
    }

    public void stop() {
        operator.stop();
    }

    /** Alive while started. Ready when started and, on the leader, every informer is healthy (a standby waits). */
    public boolean isReady() {
        var runtime = operator.getRuntimeInfo();
        return runtime.isStarted() && (!leading.get() || runtime.allEventSourcesAreHealthy());
    }

    public boolean isLive() {
        return operator.getRuntimeInfo().isStarted();
    }
}
