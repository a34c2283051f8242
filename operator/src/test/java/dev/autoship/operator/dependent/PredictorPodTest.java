package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PredictorPodTest {

    @Test
    void defaultImageIsTheReleasedPredictorNamedInTheParentPom() {
        assertThat(PredictorPod.DEFAULT_IMAGE).isEqualTo(System.getProperty("autoship.predictor.image"))
                .startsWith("ghcr.io/autoship-dev/autoship-predictor:");
    }
}
