package dev.autoship.predictor.training;

import dev.autoship.predictor.cache.SharedModelCache;
import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.HistorySource;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.model.InsufficientHistoryException;
import dev.autoship.predictor.model.ModelCodec;
import dev.autoship.predictor.model.ModelLifetime;
import dev.autoship.predictor.model.ShipmentModel;
import dev.autoship.predictor.model.ShipmentModelTrainer;
import dev.autoship.predictor.ops.PredictorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Makes a customer's model: reads its history inside the window (on the calling thread, so waiting for the
 * history store never holds a training thread), refuses too little of it (and remembers that briefly),
 * trains on the {@link TrainingPool}, and publishes the model to the shared cache for the other instances.
 */
public final class ModelTraining implements AutoCloseable {

    /**
     * @param window      how far back training history reaches
     * @param minExamples fewer shipments than this cannot train
     * @param maxExamples newest shipments used at most
     */
    public record HistoryLimits(Duration window, int minExamples, int maxExamples) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelTraining.class);
    /** History sizes the warm-up trains on, in turn: small and large histories take different paths. */
    private static final int[] WARM_UP_SIZES = {200, 1000, 3000};
    static final int WARM_UP_TRAININGS = 30;
    /** The newest shipments of the store whose customers are counted to find the busiest ones to rehearse. */
    static final int REHEARSAL_SAMPLE = 1000;

    private final HistorySource history;
    private final ShipmentModelTrainer trainer;
    private final TrainingPool pool;
    private final HistoryLimits limits;
    private final InsufficientHistoryMemory insufficient;
    private final ModelCodec codec;
    private final SharedModelCache shared;
    private final ModelLifetime lifetime;
    private final Clock clock;
    private final PredictorMetrics metrics;

    public ModelTraining(HistorySource history, ShipmentModelTrainer trainer, TrainingPool pool, HistoryLimits limits,
                         InsufficientHistoryMemory insufficient, ModelCodec codec, SharedModelCache shared,
                         ModelLifetime lifetime, Clock clock, PredictorMetrics metrics) {
        this.history = history;
        this.trainer = trainer;
        this.pool = pool;
        this.limits = limits;
        this.insufficient = insufficient;
        this.codec = codec;
        this.shared = shared;
        this.lifetime = lifetime;
        this.clock = clock;
        this.metrics = metrics;
        metrics.trainingsQueued(pool::queued);
    }

    /**
     * @throws InsufficientHistoryException when the customer was found with too little history a moment ago
     */
    public void refuseIfRecentlyInsufficient(String customerId) {
        OptionalInt found = insufficient.shipments(customerId);
        if (found.isPresent()) {
            metrics.insufficientHistoryRemembered();
            throw new InsufficientHistoryException(customerId, found.getAsInt(), limits.minExamples());
        }
    }

    /** Whether the customer was found with too little history a moment ago (a refresh need not look again yet). */
    public boolean recentlyInsufficient(String customerId) {
        return insufficient.shipments(customerId).isPresent();
    }

    /**
     * Trains the customer's model and publishes it to the shared cache.
     *
     * @throws InsufficientHistoryException when the customer has too few shipments in the window
     * @throws dev.autoship.predictor.history.HistoryUnavailableException when the history cannot be read
     */
    public ShipmentModel train(String customerId) {
        long started = System.nanoTime();
        Instant since = clock.instant().minus(limits.window());
        List<Shipment> shipments = history.recentShipments(customerId, since, limits.maxExamples());
        long read = System.nanoTime() - started;
        metrics.historyRead(read);
        if (shipments.size() < limits.minExamples()) {
            insufficient.remember(customerId, shipments.size());
            throw new InsufficientHistoryException(customerId, shipments.size(), limits.minExamples());
        }
        insufficient.forget(customerId);
        ShipmentModel model = grow(customerId, shipments);
        long took = System.nanoTime() - started;
        metrics.trained(took);
        LOG.info("Trained model for customer '{}' on {} shipments in {} ms (history read {} ms)", customerId,
                shipments.size(), took / 1_000_000, read / 1_000_000);
        if (shared.keepsModels()) {
            shared.put(customerId, codec.encode(model), lifetime.life(customerId, model.trainedAt()));
        }
        return model;
    }

    private ShipmentModel grow(String customerId, List<Shipment> shipments) {
        // the validation (a second forest, on the older part) and the served forest grow side by side
        ShipmentModelTrainer.PreparedHistory prepared = pool.run(() -> trainer.prepare(customerId, shipments));
        return pool.runBoth(() -> trainer.grow(prepared), () -> trainer.validate(prepared),
                (forest, validation) -> trainer.model(prepared, forest, validation));
    }

    /**
     * The whole cold path of a customer once, for a starting instance, so that its first real cold customers do not
     * pay for the JIT: the history read through the real store's client (query, JSON, documents to shipments),
     * training with validation, encoding. Nothing is stored, held, counted or remembered.
     *
     * @return the model trained, for the prediction path's warm-up (empty: too few shipments to train)
     */
    public Optional<ShipmentModel> rehearse(String customerId) {
        List<Shipment> shipments = history.recentShipments(customerId, clock.instant().minus(limits.window()),
                limits.maxExamples());
        if (shipments.size() < limits.minExamples()) {
            return Optional.empty();
        }
        ShipmentModel model = grow(customerId, shipments);
        codec.encode(model);
        return Optional.of(model);
    }

    /**
     * Up to {@code max} customers to rehearse the cold path on: the busiest among the history store's newest
     * {@link #REHEARSAL_SAMPLE} shipments, whose histories are likely the largest, so the rehearsal compiles the read
     * and the training for the sizes that cost most (the most recently used customers are often small, and their
     * models come from the shared cache anyway); else, when the store cannot say, some with enough history to train.
     */
    public List<String> customersToRehearse(int max) {
        Instant since = clock.instant().minus(limits.window());
        List<String> busiest = history.busiestRecently(since, REHEARSAL_SAMPLE, max);
        return busiest.isEmpty() ? history.someCustomers(since, limits.minExamples(), max) : busiest;
    }

    /**
     * Trains throw-away models on generated histories of a few sizes, round after round, for at most
     * {@code budget}: a new JVM interprets the trainer until the JIT compiles it, and a starting instance's
     * first cold customers would pay for that (a 200-shipment training takes ~10× longer interpreted).
     * Nothing is read, stored, held or counted.
     *
     * @return how many models were trained
     */
    public int warmUp(Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            return 0;
        }
        DemoDataSet generated = new DemoDataSet(clock.instant());
        long deadline = System.nanoTime() + budget.toNanos();
        int trained = 0;
        while (trained < WARM_UP_TRAININGS && System.nanoTime() < deadline) {
            int size = WARM_UP_SIZES[trained % WARM_UP_SIZES.length];
            List<Shipment> shipments = generated.generate("warm-up-" + trained, size).stream()
                    .map(DemoShipment::shipment).toList();
            pool.run(() -> trainer.train("warm-up", shipments));
            trained++;
        }
        return trained;
    }

    /** Forgets that the customer had too little history (its model was deleted: look again next time). */
    public void forget(String customerId) {
        insufficient.forget(customerId);
    }

    /** Stops the training threads. */
    @Override
    public void close() {
        pool.close();
    }
}
