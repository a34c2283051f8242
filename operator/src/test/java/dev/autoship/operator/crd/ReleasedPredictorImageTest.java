package dev.autoship.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReleasedPredictorImageTest {

    @Test
    void defaultImageIsTheReleasedPredictorNamedInTheParentPom() {
        assertThat(ReleasedPredictorImage.REFERENCE).isEqualTo(System.getProperty("autoship.predictor.image"))
                .startsWith("ghcr.io/autoship-dev/autoship-predictor:");
    }
}
