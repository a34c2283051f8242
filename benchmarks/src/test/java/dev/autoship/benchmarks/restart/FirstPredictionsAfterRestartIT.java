package dev.autoship.benchmarks.restart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.benchmarks.report.Options;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The first-predictions-after-restart scenario on a few small customers, so it does not rot. */
class FirstPredictionsAfterRestartIT {

    @Test
    void trainsOnAnEmptyRedisThenAnswersFromTheWarmStartAfterTheRestart() throws Exception {
        List<FirstPredictionsAfterRestart.Repeat> results = new FirstPredictionsAfterRestart(new Options("large=2",
                "largeShipments=60", "small=2", "smallShipments=30", "repeats=1")).run();

        FirstPredictionsAfterRestart.Repeat repeat = results.getFirst();
        assertThat(repeat.largeTrained().sources()).containsOnly("trained");
        assertThat(repeat.smallTrained().sources()).containsOnly("trained");
        assertThat(repeat.largeAfterWarmStart().sources()).doesNotContain("trained");
        assertThat(repeat.smallAfterWarmStart().sources()).doesNotContain("trained");
    }
}
