package dev.autoship.predictor.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.PredictorServer;
import dev.autoship.predictor.config.PredictorSettings;
import dev.autoship.predictor.model.ShipmentModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionWarmUpTest {

    private static PredictorServer server;
    private static PredictionWarmUp warmUp;

    @BeforeAll
    static void holdOneModel() {
        server = PredictorServer.create(PredictorSettings.from(Map.of("AUTOSHIP_SERVER_PORT", "0", "AUTOSHIP_MANAGEMENT_PORT", "0")));
        server.models().get("demo-customer-01");
        ObjectMapper json = new ObjectMapper();
        warmUp = new PredictionWarmUp(server.models(), new RequestReader(json, 10), json, Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        server.close();
    }

    @Test
    void heldModelsRunTheWholePredictionPathUpToTheCallLimit() {
        assertThat(warmUp.run(List.of("demo-customer-01"), Duration.ofMinutes(1))).isEqualTo(PredictionWarmUp.MAX_CALLS);
    }

    @Test
    void customersWithoutAHeldModelAreNeitherLoadedNorTrained() {
        int held = server.models().modelsHeld();

        assertThat(warmUp.run(List.of("demo-customer-02", "nobody"), Duration.ofMinutes(1))).isZero();
        assertThat(server.models().modelsHeld()).isEqualTo(held);
        assertThat(server.models().peekHeld("demo-customer-02")).isEmpty();
    }

    @Test
    void modelsHeldNowhereRunThePredictionPathAndStayUnheld() {
        ShipmentModel unheld = server.models().get("demo-customer-03").model();
        server.models().evict("demo-customer-03");
        int held = server.models().modelsHeld();

        assertThat(warmUp.runOnModels(List.of(unheld), Duration.ofMinutes(1))).isEqualTo(PredictionWarmUp.MAX_CALLS);
        assertThat(server.models().modelsHeld()).isEqualTo(held);
        assertThat(server.models().peekHeld("demo-customer-03")).isEmpty();
    }

    @Test
    void theBudgetEndsTheWarmUp() {
        assertThat(warmUp.run(List.of("demo-customer-01"), Duration.ZERO)).isZero();
        assertThat(warmUp.run(List.of("demo-customer-01"), Duration.ofNanos(1))).isLessThan(PredictionWarmUp.MAX_CALLS);
    }
}
