package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.dependent.ConflictBackoff;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Another writer that undoes every write of the operator, as a mutating admission webhook rewriting an image to a
 * registry mirror would: the operator backs off instead of fighting, says so, and recovers when the other stops.
 */
class ConflictingWriterIT extends OperatorOnMockApiServer {

    private static final ConflictBackoff BACKOFF =
            new ConflictBackoff(5, Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(4));
    private static final String MIRROR = "mirror.example/autoship-predictor:1.2.3";

    @Override
    OperatorSettings settings() {
        return new OperatorSettings(Set.of(), false, "autoship-operator", Optional.empty(), 0, RESYNC, BACKOFF);
    }

    @Test
    void theOperatorBacksOffFromAWriterThatUndoesItsWritesSaysWhereAndRecoversWhenItStops() throws Exception {
        String ns = namespace("fight");
        create(ns, "fought", spec(IMAGE).build());
        awaitResource(Deployment.class, ns, "fought");
        awaitObserved(ns, "fought");

        try (Webhook webhook = new Webhook(api.newClient("test-webhook"), ns, "fought")) {
            eventually().untilAsserted(() -> {
                var degraded = condition(ns, "fought", "Degraded");
                assertThat(degraded.getStatus()).isEqualTo("True");
                assertThat(degraded.getReason()).isEqualTo("ConflictingWriter");
                assertThat(degraded.getMessage()).startsWith("Deployment fought: something else keeps changing "
                        + "/spec/template/spec/containers/0/image after the operator writes it");
                assertThat(events(ns, "fought")).filteredOn(e -> "ConflictingWriter".equals(e.getReason()))
                        .singleElement().satisfies(event -> {
                            assertThat(event.getType()).isEqualTo("Warning");
                            assertThat(event.getMessage()).isEqualTo(degraded.getMessage());
                        });
            });
            // three pauses (1 s, 2 s, 4 s), each ended by one probe write that the webhook undoes again
            eventually().untilAsserted(() -> assertThat(deploymentWrites(ns)).hasSizeGreaterThanOrEqualTo(
                    BACKOFF.writes() + 3));
            List<Instant> writes = deploymentWrites(ns);
            for (int probe = 1; probe <= 3; probe++) {
                Duration gap = Duration.between(writes.get(BACKOFF.writes() + probe - 2),
                        writes.get(BACKOFF.writes() + probe - 1));
                assertThat(gap).as("pause before probe " + probe).isGreaterThanOrEqualTo(
                        pause(probe).minusMillis(100));
            }
            assertThat(webhook.rewrites()).as("the webhook answered every write").isGreaterThanOrEqualTo(
                    writes.size() - 1);
            assertThat(events(ns, "fought")).extracting(Event::getReason).containsOnlyOnce("ConflictingWriter");
        }

        // the other writer stopped: the next probe sticks, the fight is over
        eventually().untilAsserted(() -> {
            assertThat(image(get(Deployment.class, ns, "fought"))).isEqualTo(IMAGE);
            assertThat(condition(ns, "fought", "Degraded").getStatus()).isEqualTo("False");
        });
        int settled = deploymentWrites(ns).size();
        reconcileUnchanged(ns, "fought");
        assertThat(deploymentWrites(ns)).hasSize(settled);
    }

    private List<Instant> deploymentWrites(String ns) {
        return api.writeTimes(OPERATOR_AGENT, "/namespaces/" + ns + "/deployments/fought");
    }

    private static Duration pause(int n) {
        Duration pause = BACKOFF.firstPause().multipliedBy(1L << (n - 1));
        return pause.compareTo(BACKOFF.maxPause()) > 0 ? BACKOFF.maxPause() : pause;
    }

    /** Rewrites the image to a mirror whenever it finds another one, like a mutating admission webhook. */
    private static final class Webhook implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger rewrites = new AtomicInteger();
        private final Thread thread;

        Webhook(KubernetesClient client, String ns, String name) {
            thread = new Thread(() -> {
                while (running.get()) {
                    Deployment deployment = client.apps().deployments().inNamespace(ns).withName(name).get();
                    if (deployment != null && !MIRROR.equals(image(deployment))) {
                        try {
                            client.apps().deployments().inNamespace(ns).withName(name).edit(d -> {
                                d.getSpec().getTemplate().getSpec().getContainers().getFirst().setImage(MIRROR);
                                return d;
                            });
                            rewrites.incrementAndGet();
                        } catch (KubernetesClientException conflict) {
                            // the operator wrote in between: look again
                        }
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "test-webhook");
            thread.start();
        }

        int rewrites() {
            return rewrites.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofSeconds(10));
        }
    }
}
