package dev.autoship.predictor.evaluate;

import dev.autoship.predictor.backends.RealBackends;
import dev.autoship.predictor.backends.ShipmentDocuments;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.testing.ElasticsearchNode;
import dev.autoship.testing.FreePort;
import dev.autoship.testing.ShipmentIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code evaluate} against a real Elasticsearch: a table for real histories, distinct exits for no server and no data. */
@ExtendWith(RealBackends.class)
class EvaluateCommandIT {

    private static final String INDEX = "evaluate-it";
    private static final String EMPTY_INDEX = "evaluate-it-empty";
    private static ElasticsearchNode elasticsearch;

    @BeforeAll
    static void load(ElasticsearchNode es) {
        elasticsearch = es;
        DemoDataSet data = new DemoDataSet(Instant.now());
        try (ShipmentIndex index = new ShipmentIndex(es.url(), INDEX)) {
            for (String customer : new String[] {"eval-a", "eval-b", "eval-c"}) {
                index.add(ShipmentDocuments.of(data.generate(customer, 400).stream().map(DemoShipment::shipment).toList()));
            }
            // too few shipments to be evaluated: never sampled
            index.add(ShipmentDocuments.of(data.generate("eval-tiny", 10).stream().map(DemoShipment::shipment).toList()));
        }
        try (ShipmentIndex index = new ShipmentIndex(es.url(), EMPTY_INDEX)) {
            index.add(ShipmentDocuments.of(data.generate("eval-tiny", 10).stream().map(DemoShipment::shipment).toList()));
        }
    }

    /** Reads of the real Elasticsearch may take seconds on a loaded 2-core machine (seen timing out at PT2S). */
    private static final String SLOW_MACHINE = "PT30S";

    @Test
    void printsOneRowPerTrainerForTheSampledCustomers() {
        EvaluateRun run = EvaluateRun.of(Map.of("AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url(), "AUTOSHIP_ELASTICSEARCH_INDEX", INDEX,
                "AUTOSHIP_HISTORY_WINDOW", "P130D", "AUTOSHIP_ELASTICSEARCH_TIMEOUT", SLOW_MACHINE), "--customers", "2", "--trainers", "forest,tribuo-cart,tribuo-logistic");

        assertThat(run.status()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Evaluating 2 of 3 customers", "auto-ship target 0.95");
        assertThat(run.out().lines().filter(line -> line.matches("(forest|tribuo-cart|tribuo-logistic)\\s+2\\s+160\\s.*")))
                .as(run.out()).hasSize(3);
        String forest = run.out().lines().filter(line -> line.startsWith("forest ")).findFirst().orElseThrow();
        double accuracy = Double.parseDouble(forest.trim().split("\\s+")[3]);
        assertThat(accuracy).as(forest).isBetween(0.7, 1.0);
    }

    @Test
    void anUnreachableElasticsearchExitsWith3() {
        EvaluateRun run = EvaluateRun.of(Map.of("AUTOSHIP_ELASTICSEARCH_URL", "http://127.0.0.1:" + FreePort.find(),
                "AUTOSHIP_ELASTICSEARCH_TIMEOUT", "PT2S"));

        assertThat(run.status()).isEqualTo(ExitCode.ELASTICSEARCH_UNAVAILABLE);
        assertThat(run.err()).contains("Cannot evaluate: Elasticsearch at http://127.0.0.1:", "AUTOSHIP_ELASTICSEARCH_URL");
    }

    @Test
    void noCustomerWithEnoughHistoryExitsWith4() {
        EvaluateRun few = EvaluateRun.of(Map.of("AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url(), "AUTOSHIP_ELASTICSEARCH_INDEX", EMPTY_INDEX,
                "AUTOSHIP_ELASTICSEARCH_TIMEOUT", SLOW_MACHINE));
        EvaluateRun missing = EvaluateRun.of(Map.of("AUTOSHIP_ELASTICSEARCH_URL", elasticsearch.url(),
                "AUTOSHIP_ELASTICSEARCH_INDEX", "no-such-index", "AUTOSHIP_ELASTICSEARCH_TIMEOUT", SLOW_MACHINE));

        assertThat(few.status()).isEqualTo(ExitCode.NO_CUSTOMER);
        assertThat(few.err()).contains("no customer has at least 25 shipments", "'" + EMPTY_INDEX + "'",
                "AUTOSHIP_MIN_EXAMPLES");
        assertThat(missing.status()).isEqualTo(ExitCode.NO_CUSTOMER);
    }
}
