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

    @Test
    void pooledEvidenceGivesAThresholdOwnAnswersAloneCannotEarn() {
        List<ConfidenceTally> own = List.of(new ConfidenceTally(0.8, 20, 15), new ConfidenceTally(1.0, 40, 39));
        List<ConfidenceTally> pooled = List.of(new ConfidenceTally(0.8, 2000, 1500), new ConfidenceTally(1.0, 4000, 3920));

        // alone: 39/40 at ≥ 1.0 → lower bound 0.891; pooled: 3920/4000 → 0.976, and 39/40 does not contradict 0.95
        assertThat(new AutoShipRule(0.95).threshold(own)).isEmpty();
        assertThat(new AutoShipRule(0.95).threshold(own, pooled)).hasValue(1.0);
    }

    @Test
    void aModelsOwnAnswersVetoPooledEvidenceTheyContradict() {
        List<ConfidenceTally> pooled = List.of(new ConfidenceTally(1.0, 4000, 3920));
        // 80 of 100 right: the one-sided 95% upper bound (0.86) is below the target, whatever the pool says
        List<ConfidenceTally> contradicting = List.of(new ConfidenceTally(1.0, 100, 80));
        // 9 of 10 right: too few to contradict 0.95 (upper bound 0.97)
        List<ConfidenceTally> fewWrong = List.of(new ConfidenceTally(1.0, 10, 9));

        assertThat(AutoShipRule.wilsonUpperBound(80, 100)).isCloseTo(0.8575, within(0.0005));
        assertThat(new AutoShipRule(0.95).threshold(contradicting, pooled)).isEmpty();
        assertThat(new AutoShipRule(0.95).threshold(fewWrong, pooled)).hasValue(1.0);
    }

    @Test
    void theVetoMovesThePooledThresholdUpToWhereOwnAnswersAgree() {
        List<ConfidenceTally> pooled = List.of(new ConfidenceTally(0.9, 3000, 2900), new ConfidenceTally(1.0, 4000, 3950));
        // own answers at 0.9 are poor (70/100), at 1.0 fine (50/50): ≥ 0.9 is contradicted (120/150), ≥ 1.0 is not
        List<ConfidenceTally> own = List.of(new ConfidenceTally(0.9, 100, 70), new ConfidenceTally(1.0, 50, 50));

        assertThat(new AutoShipRule(0.95).threshold(pooled)).hasValue(0.9);
        assertThat(new AutoShipRule(0.95).threshold(own, pooled)).hasValue(1.0);
    }

    @Test
    void aLowerThresholdEarnedAloneIsKeptAndAnEmptyPoolChangesNothing() {
        List<ConfidenceTally> own = List.of(new ConfidenceTally(0.6, 200, 196), new ConfidenceTally(1.0, 200, 200));
        List<ConfidenceTally> pooled = List.of(new ConfidenceTally(0.6, 5000, 3000), new ConfidenceTally(1.0, 5000, 4990));

        assertThat(new AutoShipRule(0.95).threshold(own, pooled)).hasValue(0.6);
        assertThat(new AutoShipRule(0.95).threshold(own, List.of())).isEqualTo(new AutoShipRule(0.95).threshold(own));
    }

    @Test
    void pooledEvidenceNeedsTheMinimumOfAnswersToo() {
        List<ConfidenceTally> pooled = List.of(new ConfidenceTally(1.0, AutoShipRule.MIN_ANSWERS - 1, AutoShipRule.MIN_ANSWERS - 1));

        assertThat(new AutoShipRule(0.5).threshold(List.of(new ConfidenceTally(1.0, 5, 5)), pooled)).isEmpty();
    }

    @Test
    void ownEvidenceThatReachesTheTargetByChanceDoesNotAgainstAPoolFarBelowIt() {
        // 30 of 30 right at confidence 1.0 alone reaches 0.90 (lower bound 0.917), but the models held beside it
        // were right 87% of the time there: 30 answers more at 87% bring it to 0.87 (lower bound 0.90 not reached)
        List<ConfidenceTally> own = List.of(new ConfidenceTally(1.0, 30, 30));
        List<ConfidenceTally> pooled = List.of(new ConfidenceTally(1.0, 1000, 870));

        assertThat(new AutoShipRule(0.90).threshold(own)).hasValue(1.0);
        assertThat(new AutoShipRule(0.90).threshold(own, pooled)).isEmpty();
    }

    @Test
    void strongOwnEvidenceKeepsItsThresholdAgainstAWeakerPool() {
        // 150 of 150: with 30 answers at the pool's 87% added, 176.1 of 180 (lower bound 0.955)
        List<ConfidenceTally> own = List.of(new ConfidenceTally(1.0, 150, 150));
        List<ConfidenceTally> pooled = List.of(new ConfidenceTally(1.0, 1000, 870));

        assertThat(AutoShipRule.wilsonLowerBound(150 + 30 * 0.87, 180)).isGreaterThan(0.95);
        assertThat(new AutoShipRule(0.95).threshold(own, pooled)).hasValue(1.0);
    }

    @Test
    void aPoolWithTooFewAnswersAtAConfidenceLeavesOwnEvidenceAlone() {
        List<ConfidenceTally> own = List.of(new ConfidenceTally(1.0, 30, 30));
        List<ConfidenceTally> thin = List.of(new ConfidenceTally(1.0, AutoShipRule.MIN_ANSWERS - 1, 0));

        assertThat(new AutoShipRule(0.90).threshold(own, thin)).hasValue(1.0);
    }
}
