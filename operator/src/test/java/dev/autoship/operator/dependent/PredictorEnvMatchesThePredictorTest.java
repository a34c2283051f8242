package dev.autoship.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autoship.predictor.config.EnvironmentVariable;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Holds the operator to the predictor's list of environment variables (its contract). */
class PredictorEnvMatchesThePredictorTest {

    private static final Set<String> PREDICTOR_NAMES = Arrays.stream(EnvironmentVariable.values())
            .map(EnvironmentVariable::name).collect(Collectors.toSet());

    @Test
    void theOperatorCanSetExactlyTheVariablesThePredictorReads() {
        assertThat(Arrays.stream(PredictorEnv.values()).map(Enum::name).collect(Collectors.toSet()))
                .isEqualTo(PREDICTOR_NAMES);
    }

    @Test
    void credentialsAndOnlyCredentialsTravelAsSecretReferences() {
        for (PredictorEnv env : PredictorEnv.values()) {
            assertThat(env.secret()).as(env.name()).isEqualTo(EnvironmentVariable.valueOf(env.name()).secret());
        }
    }
}
