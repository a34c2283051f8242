package dev.autoship.predictor.outcome;

import dev.autoship.predictor.history.ShipmentPosition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.autoship.predictor.outcome.OutcomeStateTest.AIR;
import static dev.autoship.predictor.outcome.OutcomeStateTest.GROUND;
import static org.assertj.core.api.Assertions.assertThat;

class OutcomeStateJsonTest {

    private final OutcomeStateJson json = new OutcomeStateJson();

    @Test
    void aStateReadsBackAsWritten() {
        Instant now = Instant.parse("2026-03-10T12:00:00Z");
        Instant model = Instant.parse("2026-03-10T08:00:00.123456789Z");
        OutcomeState state = OutcomeState.EMPTY.joined(List.of(
                        OutcomeStateTest.outcome("o1", GROUND, GROUND, true, model, now.minusSeconds(60)),
                        OutcomeStateTest.outcome("o2", GROUND, AIR, false, model, now.minusSeconds(50))),
                new ShipmentPosition(now.minusSeconds(50), "o2"), now, model, new PredictionLog.Counts(7, 5))
                .driftRefreshed(model);

        assertThat(json.read(json.write(state))).contains(state);
        assertThat(json.read(json.write(OutcomeState.EMPTY))).contains(OutcomeState.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "null", "[]", "{}", "\u00ac\u00ed\u0000\u0005sr",
            "{\"generations\": [], \"days\": [], \"predictionsInWindow\": -1}",
            "{\"generations\": [], \"days\": [{\"day\": \"2026-03-10\", \"resolved\": 1, \"matched\": 2,"
                    + " \"autoShipResolved\": 0, \"autoShipMatched\": 0}], \"predictionsInWindow\": 1}",
            "{\"generations\": [], \"days\": [], \"predictionsInWindow\": 0, \"checkedAt\": \"yesterday\"}",
            "{\"generations\": {}, \"days\": [], \"predictionsInWindow\": 0}"})
    void anythingElseIsRefused(String stored) {
        assertThat(json.read(stored)).isEmpty();
    }
}
