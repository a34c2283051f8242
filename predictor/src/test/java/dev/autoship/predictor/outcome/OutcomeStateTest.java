package dev.autoship.predictor.outcome;

import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.history.ShipmentPosition;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.ShipTo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class OutcomeStateTest {

    static final ShipmentChoice GROUND = new ShipmentChoice("UPS", "Ground", "box");
    static final ShipmentChoice AIR = new ShipmentChoice("UPS", "Next Day Air", "box");
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant MODEL = Instant.parse("2026-03-10T08:00:00.123456789Z");
    private static final Instant OLDER_MODEL = Instant.parse("2026-03-09T08:00:00Z");

    static Outcome outcome(String orderId, ShipmentChoice predicted, ShipmentChoice shipped, boolean autoShip,
                           Instant model, Instant shippedAt) {
        Order order = new Order(orderId, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                new ShipTo(Optional.of("US"), Optional.empty(), Optional.empty(), false));
        return new Outcome(new PredictionRecord("c", orderId, predicted, 0.9, autoShip, model, shippedAt.minusSeconds(3600)),
                new Shipment("c", shippedAt, order, shipped));
    }

    @Test
    void outcomesCountForTheirModelsGenerationAndTheirShippingDay() {
        List<Outcome> outcomes = List.of(
                outcome("o1", GROUND, GROUND, true, MODEL, NOW.minusSeconds(60)),
                outcome("o2", GROUND, AIR, true, MODEL, NOW.minusSeconds(60)),
                outcome("o3", AIR, AIR, false, MODEL, NOW.minus(Duration.ofDays(1))),
                outcome("o4", AIR, GROUND, false, OLDER_MODEL, NOW.minus(Duration.ofDays(1))));
        ShipmentPosition until = new ShipmentPosition(NOW.minusSeconds(60), "o2");

        OutcomeState state = OutcomeState.EMPTY.joined(outcomes, until, NOW, MODEL, new PredictionLog.Counts(40, 12));

        assertThat(state.generation(MODEL)).isEqualTo(new OutcomeState.Generation(12, new Tally(3, 2, 2, 1)));
        assertThat(state.generation(OLDER_MODEL)).isEqualTo(new OutcomeState.Generation(0, new Tally(1, 0, 0, 0)));
        assertThat(state.inWindow(NOW)).isEqualTo(new Tally(4, 2, 2, 1));
        assertThat(state.days()).containsOnlyKeys(LocalDate.parse("2026-03-10"), LocalDate.parse("2026-03-09"));
        assertThat(state.joinedUntil()).contains(until);
        assertThat(state.checkedAt()).contains(NOW);
        assertThat(state.predictionsInWindow()).isEqualTo(40);
    }

    @Test
    void joiningAgainAddsToTheCountsAndForgetsDaysOutsideTheWindowAndOldGenerations() {
        OutcomeState first = OutcomeState.EMPTY.joined(List.of(outcome("o1", GROUND, GROUND, false, OLDER_MODEL,
                NOW.minus(Duration.ofDays(6)))), new ShipmentPosition(NOW, "o1"), NOW, OLDER_MODEL, new PredictionLog.Counts(1, 1));
        Instant later = NOW.plus(Duration.ofDays(2));
        Instant[] models = {later.minusSeconds(30), later.minusSeconds(20), later.minusSeconds(10)};
        OutcomeState second = first;
        for (Instant model : models) {
            second = second.joined(List.of(outcome("o-" + model, GROUND, GROUND, false, model, later.minusSeconds(5))),
                    new ShipmentPosition(later, "x"), later, model, new PredictionLog.Counts(1, 1));
        }

        assertThat(second.inWindow(later)).isEqualTo(new Tally(3, 3, 0, 0));
        assertThat(second.generations()).containsOnlyKeys(models);
    }

    @Test
    void aDriftRefreshIsRememberedForItsModel() {
        assertThat(OutcomeState.EMPTY.driftRefreshed(MODEL).driftRefreshedModel()).contains(MODEL);
    }
}
