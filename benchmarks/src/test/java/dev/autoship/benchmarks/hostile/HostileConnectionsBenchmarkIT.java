package dev.autoship.benchmarks.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hostile-connections benchmark with a few connections and a short request timeout, so it does not rot. */
class HostileConnectionsBenchmarkIT {

    @Test
    void seesEveryHostileConnectionClosedWhileProbingHealthAndPredictions() throws Exception {
        List<AttackResult> results = new HostileConnectionsBenchmark(new Options("silent=20", "slowloris=5",
                "maxConnections=100", "requestTimeout=2", "baseline=1", "repeats=1")).run();

        AttackResult attack = results.getFirst();
        assertThat(attack.closures()).hasSize(25);
        assertThat(attack.allClosedByServer()).as("endings %s", attack.endings()).isTrue();
        assertThat(attack.healthDuringAttack()).anyMatch(ProbeAnswer::answered);
        assertThat(attack.predictionsBackAfterSeconds()).as("predictions answered after the attack").isNotNaN();
    }
}
