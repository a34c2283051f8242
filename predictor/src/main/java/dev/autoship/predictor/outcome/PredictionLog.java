package dev.autoship.predictor.outcome;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Where answered predictions are kept until the shipments that follow them show how right they were: the
 * cluster's daily indices in Elasticsearch, or a bounded log in memory (embedded mode). Reads see only this
 * predictor cluster's entries.
 */
public interface PredictionLog extends AutoCloseable {

    /** The log that is off: keeps nothing, finds nothing. */
    PredictionLog NONE = new PredictionLog() {
        @Override
        public void record(PredictionRecord prediction) {
        }

        @Override
        public Map<String, PredictionRecord> latestByOrder(String customerId, Collection<String> orderIds, Instant since) {
            return Map.of();
        }

        @Override
        public Counts count(String customerId, Instant modelTrainedAt, Instant since) {
            return new Counts(0, 0);
        }
    };

    /** Keeps the prediction. Never waits: an entry that cannot be kept now is dropped (and counted). */
    void record(PredictionRecord prediction);

    /**
     * The latest logged prediction of each of these orders of the customer, among those made at or after
     * {@code since}, by order id; orders without one are absent.
     *
     * @throws PredictionLogUnavailableException when the log cannot be read in time
     */
    Map<String, PredictionRecord> latestByOrder(String customerId, Collection<String> orderIds, Instant since);

    /**
     * How many predictions were logged for the customer at or after {@code since}: in all, and by the model
     * trained at {@code modelTrainedAt}.
     *
     * @throws PredictionLogUnavailableException when the log cannot be read in time
     */
    Counts count(String customerId, Instant modelTrainedAt, Instant since);

    @Override
    default void close() {
    }

    record Counts(long all, long ofModel) {
    }
}
