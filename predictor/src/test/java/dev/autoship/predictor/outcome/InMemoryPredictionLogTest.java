package dev.autoship.predictor.outcome;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.autoship.predictor.outcome.OutcomeStateTest.AIR;
import static dev.autoship.predictor.outcome.OutcomeStateTest.GROUND;
import static org.assertj.core.api.Assertions.assertThat;

class InMemoryPredictionLogTest {

    private static final Instant T = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant MODEL = Instant.parse("2026-03-10T00:00:00Z");

    private static PredictionRecord predicted(String customer, String order, long second) {
        return new PredictionRecord(customer, order, second % 2 == 0 ? GROUND : AIR, 0.8, false, MODEL,
                T.plusSeconds(second));
    }

    @Test
    void theLatestPredictionOfEachOrderOfTheCustomerSinceTheStartCounts() {
        InMemoryPredictionLog log = new InMemoryPredictionLog();
        List.of(predicted("c", "o1", 2), predicted("c", "o1", 3), predicted("c", "o1", 1), predicted("c", "o2", 4),
                predicted("other", "o3", 5), predicted("c", "o4", -10)).forEach(log::record);

        assertThat(log.latestByOrder("c", List.of("o1", "o2", "o3", "o4"), T))
                .containsOnlyKeys("o1", "o2")
                .hasEntrySatisfying("o1", latest -> assertThat(latest.shipment()).isEqualTo(AIR));
        assertThat(log.count("c", MODEL, T)).isEqualTo(new PredictionLog.Counts(4, 4));
        assertThat(log.count("c", MODEL.plusSeconds(1), T.minusSeconds(60))).isEqualTo(new PredictionLog.Counts(5, 0));
    }

    @Test
    void itKeepsTheNewestEntriesUpToItsCapacity() {
        InMemoryPredictionLog log = new InMemoryPredictionLog(3);
        for (int i = 0; i < 5; i++) {
            log.record(predicted("c", "o" + i, i));
        }

        assertThat(log.latestByOrder("c", List.of("o0", "o1", "o2", "o3", "o4"), T)).containsOnlyKeys("o2", "o3", "o4");
    }
}
