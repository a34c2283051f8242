package dev.autoship.predictor.lifecycle;

import dev.autoship.predictor.model.ModelLifetime;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.DoubleSummaryStatistics;

import static org.assertj.core.api.Assertions.assertThat;

class ModelLifetimeTest {

    @Test
    void jitteredLivesStayWithinTheirBoundsAndSpreadOverThem() {
        ModelLifetime lifetime = new ModelLifetime(Duration.ofHours(24), 0.1, 0.8);
        Instant trainedAt = Instant.parse("2026-03-01T12:00:00Z");
        DoubleSummaryStatistics hours = new DoubleSummaryStatistics();

        for (int customer = 0; customer < 10_000; customer++) {
            Duration life = lifetime.life("customer-" + customer, trainedAt);
            hours.accept(life.toMillis() / 3_600_000.0);
            // the same model gets the same life on every instance
            assertThat(lifetime.life("customer-" + customer, trainedAt)).isEqualTo(life);
        }

        assertThat(hours.getMin()).isGreaterThanOrEqualTo(24 * 0.9).isLessThan(24 * 0.9 + 0.05);
        assertThat(hours.getMax()).isLessThanOrEqualTo(24).isGreaterThan(24 - 0.05);
        assertThat(hours.getAverage()).isBetween(24 * 0.95 - 0.1, 24 * 0.95 + 0.1);
    }

    @Test
    void withoutJitterEveryModelLivesTheFullTtl() {
        ModelLifetime lifetime = new ModelLifetime(Duration.ofHours(10), 0, 0.8);
        Instant trainedAt = Instant.parse("2026-03-01T12:00:00Z");

        assertThat(lifetime.life("c", trainedAt)).isEqualTo(Duration.ofHours(10));
    }
}
