package dev.autoship.predictor.model;

import dev.autoship.predictor.history.Shipment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Trains a customer's {@link ShipmentModel} from its shipment history: the features are extracted once into a
 * {@link ShipmentDataset}, the model is validated on the newest part of the window ({@link TimeSplitValidation}),
 * then the served forest is trained by {@link HistogramForestTrainer} on the whole window.
 */
public final class ShipmentModelTrainer {

    private final ForestShape shape;
    private final OrderFeatures features;
    private final Clock clock;
    private final String source;
    private final Optional<Duration> window;
    private final AutoShipPolicy autoShip;
    private final HistogramForestTrainer forests;
    private final TimeSplitValidation validation;

    public ShipmentModelTrainer(ForestShape shape, OrderFeatures features, Clock clock) {
        this(shape, features, clock, "unnamed history", Optional.empty(),
                AutoShipPolicy.ownEvidence(standardAutoShip()), new TimeSplitValidation());
    }

    private ShipmentModelTrainer(ForestShape shape, OrderFeatures features, Clock clock, String source,
                                 Optional<Duration> window, AutoShipPolicy autoShip, TimeSplitValidation validation) {
        this.shape = shape;
        this.features = features;
        this.clock = clock;
        this.source = source;
        this.window = window;
        this.autoShip = autoShip;
        this.forests = new HistogramForestTrainer(shape);
        this.validation = validation;
    }

    /** The trainer and features chosen by the measurements in predictor/README.md. */
    public static ShipmentModelTrainer standard(Clock clock) {
        return new ShipmentModelTrainer(standardShape(), standardFeatures(), clock);
    }

    public static ForestShape standardShape() {
        return new ForestShape(30, 10, 0.5f, 64, 500, 1L);
    }

    public static OrderFeatures standardFeatures() {
        return new OrderFeatures(true, true);
    }

    /** The rule at AUTOSHIP_AUTO_SHIP_PRECISION's default, for trainers and codecs built without settings. */
    public static AutoShipRule standardAutoShip() {
        return new AutoShipRule(Double.parseDouble(
                dev.autoship.predictor.config.EnvironmentVariable.AUTOSHIP_AUTO_SHIP_PRECISION.defaultValue()));
    }

    /** This trainer naming its history store and window in the provenance of its models. */
    public ShipmentModelTrainer describingHistory(String source, Duration window) {
        return new ShipmentModelTrainer(shape, features, clock, source, Optional.of(window), autoShip, validation);
    }

    /** This trainer deriving auto-ship thresholds with {@code rule}, each model on its own validation alone. */
    public ShipmentModelTrainer autoShipping(AutoShipRule rule) {
        return autoShipping(AutoShipPolicy.ownEvidence(rule));
    }

    /** This trainer deriving auto-ship thresholds with {@code policy}. */
    public ShipmentModelTrainer autoShipping(AutoShipPolicy policy) {
        return new ShipmentModelTrainer(shape, features, clock, source, window, policy, validation);
    }

    /** This trainer validating with {@code rule} (the evaluation program compares rules). */
    ShipmentModelTrainer validatingWith(TimeSplitValidation rule) {
        return new ShipmentModelTrainer(shape, features, clock, source, window, autoShip, rule);
    }

    public OrderFeatures features() {
        return features;
    }

    public AutoShipRule autoShipRule() {
        return autoShip.rule();
    }

    public AutoShipPolicy autoShipPolicy() {
        return autoShip;
    }

    /** A history with its features extracted, ready for {@link #validate} and {@link #grow}. */
    public record PreparedHistory(String customerId, Instant trainedAt, ShipmentDataset dataset) {
    }

    /** Validates, then trains the model the customer is served with. @param shipments newest first; not empty */
    public ShipmentModel train(String customerId, List<Shipment> shipments) {
        PreparedHistory prepared = prepare(customerId, shipments);
        return model(prepared, grow(prepared), validate(prepared));
    }

    /** Extracts the features: the first step of a training; {@link #validate} and {@link #grow} may then run side by side. */
    public PreparedHistory prepare(String customerId, List<Shipment> shipments) {
        Instant trainedAt = clock.instant();
        return new PreparedHistory(customerId, trainedAt, dataset(customerId, shipments, trainedAt));
    }

    /** The validation of the model {@link #grow} makes (empty when the history is too small to validate). */
    public Optional<ModelValidation> validate(PreparedHistory prepared) {
        return validation.validate(prepared.dataset(), forests);
    }

    /** The forest the customer is served with, trained on the whole window. */
    public HistogramForestModel grow(PreparedHistory prepared) {
        return forests.train(prepared.dataset());
    }

    /** The served model: the grown forest with its provenance and validation. */
    public ShipmentModel model(PreparedHistory prepared, HistogramForestModel forest, Optional<ModelValidation> validated) {
        return new ShipmentModel(prepared.customerId(), forest.forest(), prepared.dataset().choicesById(),
                TrainingProvenance.of(forest.getProvenance()), prepared.dataset().extractor(), prepared.trainedAt(), prepared.dataset().size(),
                validated, autoShip);
    }

    /** Trains the served model without validating it first (no auto-ship threshold). */
    public ShipmentModel trainUnvalidated(String customerId, List<Shipment> shipments) {
        PreparedHistory prepared = prepare(customerId, shipments);
        return model(prepared, grow(prepared), Optional.empty());
    }

    /**
     * The same forest as {@link #trainUnvalidated} grown without Tribuo's dataset, model and provenance: what the
     * training benchmark measures the framework's cost against.
     */
    public int growWithoutFramework(List<Shipment> shipments) {
        ShipmentDataset.Rows rows = ShipmentDataset.rows(features, shipments);
        return HistogramForestTrainer.grow(shape, rows.columns(), rows.labelIds(), rows.choices().length).nodes();
    }

    private ShipmentDataset dataset(String customerId, List<Shipment> shipments, Instant trainedAt) {
        Instant oldest = shipments.isEmpty() ? trainedAt : shipments.getLast().shippedAt();
        Instant windowStart = window.map(trainedAt::minus).orElse(oldest);
        return ShipmentDataset.of(features, shipments,
                new HistoryProvenance(source, customerId, windowStart, trainedAt, shipments.size()));
    }

}
