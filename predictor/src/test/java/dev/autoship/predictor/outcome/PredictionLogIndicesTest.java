package dev.autoship.predictor.outcome;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionLogIndicesTest {

    private final PredictionLogIndices indices = new PredictionLogIndices("predictions");

    @Test
    void anEntryGoesToTheIndexOfItsUtcDay() {
        assertThat(indices.daily(Instant.parse("2026-03-01T23:59:59Z"))).isEqualTo("predictions-2026.03.01");
        assertThat(indices.daily(Instant.parse("2026-03-02T00:00:00Z"))).isEqualTo("predictions-2026.03.02");
    }

    @Test
    void readsCoverEveryDayOfTheirSpan() {
        assertThat(indices.covering(Instant.parse("2026-02-27T10:00:00Z"), Instant.parse("2026-03-01T01:00:00Z")))
                .containsExactly("predictions-2026.02.27", "predictions-2026.02.28", "predictions-2026.03.01");
    }

    @Test
    void retentionDeletesOnlyThisLogsDailyIndicesWhoseWholeDayIsOlderThanIt() {
        List<String> existing = List.of("predictions-2026.02.27", "predictions-2026.02.28", "predictions-2026.03.01",
                "predictions-eu-2026.01.01", "predictions-2026.01.01-restored", "predictions-2020.13.01");

        assertThat(indices.expired(existing, Instant.parse("2026-03-02T12:00:00Z"), Duration.ofDays(2)))
                .containsExactly("predictions-2026.02.27");
    }

    @Test
    void thePatternOfOneLogDoesNotMatchAnotherLogsIndicesThatExtendItsName() {
        assertThat(indices.pattern()).isEqualTo("predictions-2*");
        assertThat("predictions-eu-2026.03.01").doesNotStartWith(indices.pattern().replace("*", ""));
    }
}
