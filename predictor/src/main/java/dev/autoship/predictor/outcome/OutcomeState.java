package dev.autoship.predictor.outcome;

import dev.autoship.predictor.history.ShipmentPosition;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the outcome loop knows of one customer, shared by every instance: how far its shipments have been joined
 * with the logged predictions, the outcomes of each recent model generation (by the model's training time) and of
 * each recent shipping day, and whether a drift refresh was already started for a model.
 *
 * @param joinedUntil          the last shipment joined; none yet: the loop starts {@link #WINDOW} back
 * @param checkedAt            when an instance last joined them
 * @param generations          outcomes of the {@value #GENERATIONS_KEPT} newest model generations seen
 * @param days                 outcomes by shipping day (UTC) of the last {@link #WINDOW}
 * @param predictionsInWindow  predictions logged for the customer in the last {@link #WINDOW}, at the last check
 * @param driftRefreshedModel  the model (training time) whose drift has started a refresh
 */
public record OutcomeState(Optional<ShipmentPosition> joinedUntil, Optional<Instant> checkedAt,
                           Map<Instant, Generation> generations, Map<LocalDate, Tally> days, long predictionsInWindow,
                           Optional<Instant> driftRefreshedModel) {

    /** Outcomes are kept for this rolling window across model generations (and predictions looked up this far back). */
    static final Duration WINDOW = Duration.ofDays(7);
    static final int GENERATIONS_KEPT = 3;

    public static final OutcomeState EMPTY = new OutcomeState(Optional.empty(), Optional.empty(), Map.of(), Map.of(), 0,
            Optional.empty());

    /** The predictions logged by one model and the outcomes of those resolved. */
    public record Generation(long predictions, Tally outcomes) {
        static final Generation NONE = new Generation(0, Tally.NONE);
    }

    public OutcomeState {
        generations = Map.copyOf(generations);
        days = Map.copyOf(days);
    }

    Generation generation(Instant modelTrainedAt) {
        return generations.getOrDefault(modelTrainedAt, Generation.NONE);
    }

    /** Outcomes of the shipments of the last {@link #WINDOW} before {@code now}, across generations. */
    Tally inWindow(Instant now) {
        LocalDate first = firstDayOfWindow(now);
        return days.entrySet().stream().filter(day -> !day.getKey().isBefore(first)).map(Map.Entry::getValue)
                .reduce(Tally.NONE, Tally::plus);
    }

    /**
     * This state after joining: the outcomes added to their model's generation and their shipping day, the join
     * advanced to {@code until}, the prediction counts taken at {@code now} for the current model.
     */
    OutcomeState joined(List<Outcome> outcomes, ShipmentPosition until, Instant now, Instant currentModel,
                        PredictionLog.Counts counts) {
        Map<Instant, Generation> nextGenerations = new HashMap<>(generations);
        Map<LocalDate, Tally> nextDays = new HashMap<>(days);
        for (Outcome outcome : outcomes) {
            nextGenerations.merge(outcome.prediction().modelTrainedAt(), new Generation(0, outcome.tally()),
                    (a, b) -> new Generation(a.predictions(), a.outcomes().plus(b.outcomes())));
            nextDays.merge(LocalDate.ofInstant(outcome.shipment().shippedAt(), ZoneOffset.UTC), outcome.tally(), Tally::plus);
        }
        nextGenerations.put(currentModel, new Generation(counts.ofModel(),
                nextGenerations.getOrDefault(currentModel, Generation.NONE).outcomes()));
        LocalDate first = firstDayOfWindow(now);
        nextDays.keySet().removeIf(day -> day.isBefore(first));
        return new OutcomeState(Optional.of(until), Optional.of(now), newest(nextGenerations), nextDays, counts.all(),
                driftRefreshedModel);
    }

    OutcomeState driftRefreshed(Instant model) {
        return new OutcomeState(joinedUntil, checkedAt, generations, days, predictionsInWindow, Optional.of(model));
    }

    private static Map<Instant, Generation> newest(Map<Instant, Generation> generations) {
        TreeMap<Instant, Generation> sorted = new TreeMap<>(Comparator.reverseOrder());
        sorted.putAll(generations);
        while (sorted.size() > GENERATIONS_KEPT) {
            sorted.pollLastEntry();
        }
        return sorted;
    }

    private static LocalDate firstDayOfWindow(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(WINDOW.toDays() - 1);
    }
}
