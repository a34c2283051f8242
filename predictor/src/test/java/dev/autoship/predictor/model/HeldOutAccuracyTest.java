package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A floor under the model's accuracy on the future, seeded so it is the same on every run: per demo customer, the
 * newest 20% of its 90-day window is held out and a model trained on the rest answers it (as ModelEvaluation does
 * for the README's table, where the shipped trainer scores about 0.91).
 */
class HeldOutAccuracyTest {

    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void heldOutAccuracyOnTwelveDemoCustomersStaysAboveTheFloor() {
        DemoDataSet data = new DemoDataSet(ANCHOR);
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(Clock.fixed(ANCHOR, ZoneOffset.UTC));
        int tested = 0;
        int right = 0;
        for (String customer : DemoDataSet.customerIds().subList(0, 12)) {
            List<Shipment> window = data.shipments(customer).stream().map(DemoShipment::shipment)
                    .filter(s -> !s.shippedAt().isBefore(ANCHOR.minus(Duration.ofDays(90)))).toList();
            int held = window.size() / 5;
            ShipmentModel model = trainer.trainUnvalidated(customer, window.subList(held, window.size()));
            for (Shipment shipment : window.subList(0, held)) {
                tested++;
                right += model.predict(shipment.order(), shipment.shippedAt()).shipment().equals(shipment.shipment()) ? 1 : 0;
            }
        }

        assertThat(right / (double) tested).as("held-out accuracy on %d shipments", tested).isGreaterThan(0.88);
    }
}
