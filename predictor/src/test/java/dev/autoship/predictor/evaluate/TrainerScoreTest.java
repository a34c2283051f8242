package dev.autoship.predictor.evaluate;

import dev.autoship.predictor.model.AutoShipRule;
import dev.autoship.predictor.model.ConfidenceTally;
import dev.autoship.predictor.model.ModelValidation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TrainerScoreTest {

    @Test
    void anAnswerThatRestsOnAValueTheOrderDidNotGiveIsNotCountedAsAutoShipped() {
        TrainerScore score = new TrainerScore(new AutoShipRule(0.90));
        // 200 validation answers at confidence 1.0, all right: a threshold of 1.0 on own evidence
        score.customer(1_000_000, 100, Optional.of(new ModelValidation(List.of(new ConfidenceTally(1.0, 200, 200)))), true);
        score.answer(1.0, true, true);
        score.answer(1.0, false, false);  // sure, but on a guessed value: the predictor does not auto-ship it
        score.answer(1.0, true, true);
        score.answer(0.5, false, true);   // below the threshold

        assertThat(score.autoShipCoverage()).isEqualTo(0.5);
        assertThat(score.autoShipPrecision()).isEqualTo(1.0);
    }
}
