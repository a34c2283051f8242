package dev.autoship.predictor.evaluate;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code evaluate}'s refusals before it reads anything: each exits 2 with a message naming what is wrong. */
class EvaluateCommandTest {

    @Test
    void anInvalidVariableIsNamed() {
        EvaluateRun run = EvaluateRun.of(Map.of("AUTOSHIP_ELASTICSEARCH_URL", "http://localhost:9200", "AUTOSHIP_MIN_EXAMPLES", "many"));

        assertThat(run.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(run.err()).contains("Cannot evaluate:", "AUTOSHIP_MIN_EXAMPLES");
    }

    @Test
    void withoutElasticsearchThereIsNothingToEvaluate() {
        EvaluateRun run = EvaluateRun.of(Map.of());

        assertThat(run.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(run.err()).contains("AUTOSHIP_ELASTICSEARCH_URL is not set");
    }

    @Test
    void anUnknownTrainerOrAnImpossibleCustomerCountIsABadOption() {
        EvaluateRun trainer = EvaluateRun.of(Map.of(), "--trainers", "forest,xgboost");
        EvaluateRun customers = EvaluateRun.of(Map.of(), "--customers", "0");
        EvaluateRun notANumber = EvaluateRun.of(Map.of(), "--customers", "all");

        assertThat(trainer.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(trainer.err()).contains("unknown trainer 'xgboost'", "forest, tribuo-cart, tribuo-logistic");
        assertThat(customers.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(customers.err()).contains("--customers must be at least 1");
        assertThat(notANumber.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(notANumber.err()).contains("--customers");
    }

    @Test
    void helpListsTheOptionsAndExitStatuses() {
        // picocli reports a help text it cannot format on the process's own standard error
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream picocli = new java.io.ByteArrayOutputStream();
        EvaluateRun run;
        try {
            System.setErr(new java.io.PrintStream(picocli, true, java.nio.charset.StandardCharsets.UTF_8));
            run = EvaluateRun.of(Map.of(), "--help");
        } finally {
            System.setErr(err);
        }

        assertThat(run.status()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("--customers", "--trainers", "Exit status:", "3", "Elasticsearch cannot be reached",
                "the newest 20% of");
        assertThat(picocli.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Could not format");
    }

    @Test
    void theSampleIsSeededAndAtMostTheCustomersThereAre() {
        List<String> listed = List.of("c", "a", "d", "b");

        assertThat(EvaluateCommand.sample(listed, 2, 1)).hasSize(2).isEqualTo(EvaluateCommand.sample(List.of("a", "b", "c", "d"), 2, 1));
        assertThat(EvaluateCommand.sample(listed, 10, 1)).containsExactlyInAnyOrder("a", "b", "c", "d");
    }
}
