package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.operator.ClusterFixtures;
import dev.autoship.operator.crd.PredictorCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When the operator stops writing an object something else keeps changing, and when it starts again. */
class ConflictingWritersTest {

    private static final ConflictBackoff BACKOFF =
            new ConflictBackoff(5, Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofMinutes(2));
    private static final String PATH = "/data/KEY";

    private final ManualClock clock = new ManualClock();
    private final ConflictingWriters writers = new ConflictingWriters(BACKOFF, clock);
    private final PredictorCluster cluster = withUid(ClusterFixtures.withSpec("{}"));
    private final ConfigMap object = new ConfigMapBuilder().withNewMetadata().withName("p-config").withNamespace("ns")
            .endMetadata().build();

    @Test
    void theFifthWriteOfTheSameDesiredStateStartsPausesThatDoubleUpToTheMaximum() {
        for (int i = 0; i < 4; i++) {
            writers.wrote(cluster, object, "h1", PATH);
            clock.advance(Duration.ofSeconds(1));
            assertThat(writers.held(cluster, object, PATH)).as("after write " + (i + 1)).isFalse();
        }
        assertThat(writers.fight(cluster)).isEmpty();
        for (Duration pause : new Duration[] {Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(120)}) {
            writers.wrote(cluster, object, "h1", PATH);
            assertThat(writers.fight(cluster)).hasValueSatisfying(fight -> {
                assertThat(fight.kind()).isEqualTo("ConfigMap");
                assertThat(fight.name()).isEqualTo("p-config");
                assertThat(fight.path()).isEqualTo(PATH);
            });
            clock.advance(pause.minusSeconds(1));
            assertThat(writers.held(cluster, object, PATH)).isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(writers.held(cluster, object, PATH)).as("the probe after " + pause).isFalse();
        }
    }

    @Test
    void aNewDesiredStateIsNoFight() {
        for (int i = 0; i < 5; i++) {
            writers.wrote(cluster, object, "h" + i, PATH);
        }
        assertThat(writers.fight(cluster)).isEmpty();
        assertThat(writers.held(cluster, object, PATH)).isFalse();
    }

    @Test
    void writesOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 8; i++) {
            writers.wrote(cluster, object, "h1", PATH);
            clock.advance(Duration.ofMinutes(3));
        }
        assertThat(writers.fight(cluster)).isEmpty();
    }

    @Test
    void theFightEndsWhenTheObjectIsFoundAsWrittenAfterAPauseNotDuringOne() {
        for (int i = 0; i < 5; i++) {
            writers.wrote(cluster, object, "h1", PATH);
        }
        // right after a write the object matches: that proves nothing yet
        writers.matches(cluster, object);
        assertThat(writers.fight(cluster)).isPresent();
        clock.advance(Duration.ofSeconds(30));
        writers.matches(cluster, object);
        assertThat(writers.fight(cluster)).isEmpty();
    }

    @Test
    void aFightIsLookedAtAgainNoLaterThanTheFirstPauseOrItsEnd() {
        for (int i = 0; i < 5; i++) {
            writers.wrote(cluster, object, "h1", PATH);
        }
        var fight = writers.fight(cluster).orElseThrow();
        assertThat(writers.recheckAfter(fight)).isEqualTo(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(20));
        assertThat(writers.recheckAfter(fight)).isEqualTo(Duration.ofSeconds(10));
    }

    private static PredictorCluster withUid(PredictorCluster cluster) {
        cluster.getMetadata().setUid("uid-p");
        return cluster;
    }

    /** A clock the test moves. */
    private static final class ManualClock extends Clock {

        private Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
