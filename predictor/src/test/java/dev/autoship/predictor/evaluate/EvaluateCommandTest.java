package dev.autoship.predictor.evaluate;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code evaluate}'s refusals before it reads anything: each exits 2 with a message naming what is wrong. */
class EvaluateCommandTest {

    record Run(int status, String out, String err) {
    }

    private static Run evaluate(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = EvaluateCommand.run(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void anInvalidVariableIsNamed() {
        Run run = evaluate(Map.of("AUTOSHIP_ELASTICSEARCH_URL", "http://localhost:9200", "AUTOSHIP_MIN_EXAMPLES", "many"));

        assertThat(run.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(run.err()).contains("Cannot evaluate:", "AUTOSHIP_MIN_EXAMPLES");
    }

    @Test
    void withoutElasticsearchThereIsNothingToEvaluate() {
        Run run = evaluate(Map.of());

        assertThat(run.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(run.err()).contains("AUTOSHIP_ELASTICSEARCH_URL is not set");
    }

    @Test
    void anUnknownTrainerOrAnImpossibleCustomerCountIsABadOption() {
        Run trainer = evaluate(Map.of(), "--trainers", "forest,xgboost");
        Run customers = evaluate(Map.of(), "--customers", "0");
        Run notANumber = evaluate(Map.of(), "--customers", "all");

        assertThat(trainer.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(trainer.err()).contains("unknown trainer 'xgboost'", "forest, tribuo-cart, tribuo-logistic");
        assertThat(customers.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(customers.err()).contains("--customers must be at least 1");
        assertThat(notANumber.status()).isEqualTo(ExitCode.BAD_SETTING);
        assertThat(notANumber.err()).contains("--customers");
    }

    @Test
    void helpListsTheOptionsAndExitStatuses() {
        Run run = evaluate(Map.of(), "--help");

        assertThat(run.status()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("--customers", "--trainers", "Exit status:", "3", "Elasticsearch cannot be reached");
    }

    @Test
    void theSampleIsSeededAndAtMostTheCustomersThereAre() {
        List<String> listed = List.of("c", "a", "d", "b");

        assertThat(EvaluateCommand.sample(listed, 2, 1)).hasSize(2).isEqualTo(EvaluateCommand.sample(List.of("a", "b", "c", "d"), 2, 1));
        assertThat(EvaluateCommand.sample(listed, 10, 1)).containsExactlyInAnyOrder("a", "b", "c", "d");
    }
}
