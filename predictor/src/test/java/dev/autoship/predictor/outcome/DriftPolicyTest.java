package dev.autoship.predictor.outcome;

import org.junit.jupiter.api.Test;

import java.util.OptionalDouble;

import static org.assertj.core.api.Assertions.assertThat;

class DriftPolicyTest {

    private final DriftPolicy policy = new DriftPolicy(30, 0.10);

    @Test
    void liveAccuracyMoreThanTheToleranceBelowValidationOverEnoughOutcomesIsADrift() {
        assertThat(policy.test(new Tally(30, 24, 0, 0), OptionalDouble.of(0.95)))
                .hasValueSatisfying(drift -> {
                    assertThat(drift.liveAccuracy()).isEqualTo(0.8);
                    assertThat(drift.resolved()).isEqualTo(30);
                    assertThat(drift.validationAccuracy()).isEqualTo(0.95);
                });
    }

    @Test
    void accuracyWithinTheToleranceIsNot() {
        assertThat(policy.test(new Tally(40, 34, 0, 0), OptionalDouble.of(0.95))).isEmpty();
    }

    @Test
    void tooFewOutcomesAreNot() {
        assertThat(policy.test(new Tally(29, 0, 0, 0), OptionalDouble.of(0.95))).isEmpty();
    }

    @Test
    void aModelWithoutValidationAccuracyNeverDrifts() {
        assertThat(policy.test(new Tally(100, 0, 0, 0), OptionalDouble.empty())).isEmpty();
    }
}
