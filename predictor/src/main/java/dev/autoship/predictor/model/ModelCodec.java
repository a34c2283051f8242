package dev.autoship.predictor.model;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.protos.core.ModelProto;

import java.util.Map;
import java.util.Optional;

/**
 * Turns models into bytes for a shared cache and back, with Tribuo's protobuf format: reading builds only
 * Tribuo's own protobuf-serializable classes, never Java-deserialized objects, so bytes from a cache
 * cannot run code. Bytes that are corrupt, of another kind of model, for another customer or built on
 * other features are refused.
 */
public final class ModelCodec {

    /** Part of every shared-cache key: bump it whenever stored models become unreadable for this code. */
    public static final String FORMAT_VERSION = "m1";

    private static final Logger LOG = LoggerFactory.getLogger(ModelCodec.class);

    private final OrderFeatures features;

    public ModelCodec(OrderFeatures features) {
        this.features = features;
    }

    public byte[] encode(ShipmentModel model) {
        return model.tribuoModel().serialize().toByteArray();
    }

    /** The model stored in {@code bytes}, or empty (logged) when the bytes are not a usable model for this customer. */
    public Optional<ShipmentModel> decode(String customerId, byte[] bytes) {
        try {
            Model<?> model = Model.deserialize(ModelProto.parseFrom(bytes));
            if (!model.validate(Label.class)) {
                return refuse(customerId, "it is not a classification model");
            }
            @SuppressWarnings("unchecked")
            Model<Label> labelModel = (Model<Label>) model;
            Map<String, ? extends Provenance> run = model.getProvenance().getInstanceProvenance().getMap();
            if (!(run.get(ShipmentModelTrainer.CUSTOMER_KEY) instanceof StringProvenance customer)
                    || !customer.getValue().equals(customerId)) {
                return refuse(customerId, "it belongs to another customer");
            }
            if (!(run.get(ShipmentModelTrainer.FEATURES_KEY) instanceof StringProvenance featureSet)
                    || !featureSet.getValue().equals(features.signature())) {
                return refuse(customerId, "it was built on other features");
            }
            if (!(run.get(ShipmentModelTrainer.TRAINED_AT_KEY) instanceof DateTimeProvenance trainedAt)) {
                return refuse(customerId, "it has no training time");
            }
            int examples = model.getProvenance().getDatasetProvenance().getNumExamples();
            return Optional.of(new ShipmentModel(customerId, labelModel, features, trainedAt.getValue().toInstant(),
                    examples));
        } catch (Exception | LinkageError e) {
            // protobuf, Tribuo and olcut report bad input with many different exception types
            return refuse(customerId, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Optional<ShipmentModel> refuse(String customerId, String why) {
        LOG.warn("Ignoring stored model bytes for customer '{}' because {}; it will be retrained", customerId, why);
        return Optional.empty();
    }
}
