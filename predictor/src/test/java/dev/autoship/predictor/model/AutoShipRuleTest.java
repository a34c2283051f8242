package dev.autoship.predictor.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The auto-ship threshold on hand-built validation tallies (confidence, answers, right). */
class AutoShipRuleTest {

    @Test
    void wilsonLowerBoundIsTheOneSided95PercentBound() {
        // by hand: p = 0.95, n = 100, z = 1.6449 → (0.95 + 0.013528 − 1.6449·0.023295) / 1.027055
        assertThat(AutoShipRule.wilsonLowerBound(95, 100)).isCloseTo(0.9008, within(0.0005));
        assertThat(AutoShipRule.wilsonLowerBound(60, 60)).isCloseTo(60 / (60 + 2.7055), within(0.0005));
        assertThat(AutoShipRule.wilsonLowerBound(0, 40)).isZero();
    }

    @Test
    void theThresholdIsTheLowestConfidenceWhoseAnswersFromThereUpReachTheTarget() {
        List<ConfidenceTally> tallies = List.of(
                new ConfidenceTally(0.5, 40, 20),
                new ConfidenceTally(0.8, 40, 39),
                new ConfidenceTally(0.9, 40, 40),
                new ConfidenceTally(1.0, 60, 60));

        // ≥ 1.0: 60/60 → 0.957; ≥ 0.9: 100/100 → 0.974; ≥ 0.8: 139/140 → 0.967; ≥ 0.5: 159/180 → 0.838
        assertThat(new AutoShipRule(0.95).threshold(tallies)).hasValue(0.8);
        assertThat(new AutoShipRule(0.97).threshold(tallies)).hasValue(0.9);
        assertThat(new AutoShipRule(0.8).threshold(tallies)).hasValue(0.5);
    }

    @Test
    void noThresholdWhenNoConfidenceReachesTheTarget() {
        List<ConfidenceTally> tallies = List.of(
                new ConfidenceTally(0.7, 100, 80),
                new ConfidenceTally(1.0, 200, 188));

        assertThat(new AutoShipRule(0.95).threshold(tallies)).isEmpty();
    }

    @Test
    void noThresholdOnFewerAnswersThanTheMinimumEvenWhenAllWereRight() {
        int fewest = AutoShipRule.MIN_ANSWERS;

        assertThat(new AutoShipRule(0.5).threshold(List.of(new ConfidenceTally(1.0, fewest - 1, fewest - 1)))).isEmpty();
        assertThat(new AutoShipRule(0.5).threshold(List.of(new ConfidenceTally(1.0, fewest, fewest)))).hasValue(1.0);
    }

    @Test
    void aRawShareAtTheTargetIsNotEnough() {
        // 96 of 100 right is above 0.95, but its lower bound is not
        assertThat(new AutoShipRule(0.95).threshold(List.of(new ConfidenceTally(1.0, 100, 96)))).isEmpty();
    }
}
