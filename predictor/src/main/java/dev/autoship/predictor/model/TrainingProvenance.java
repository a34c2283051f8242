package dev.autoship.predictor.model;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.PrimitiveProvenance;
import org.tribuo.provenance.DataProvenance;
import org.tribuo.provenance.ModelProvenance;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The essentials of a model's Tribuo provenance, what the stored form keeps and {@code GET /v1/models/{customerId}}
 * shows: which trainer with which configuration (seed included), which data (history store, customer, window,
 * shipments) and which library versions.
 *
 * @param trainer       the trainer's class
 * @param configuration the trainer's configured values by name (e.g. {@code trees}, {@code seed})
 * @param source        where the history was read (e.g. {@code elasticsearch:shipments})
 * @param tribuoVersion Tribuo's version at training
 * @param javaVersion   the JVM's version at training
 */
public record TrainingProvenance(String trainer, Map<String, String> configuration, String source, String customerId,
                                 Instant windowStart, Instant windowEnd, int examples, String tribuoVersion,
                                 String javaVersion) {

    public TrainingProvenance {
        // the same few values in every model held: one copy each, not one per model
        Map<String, String> shared = new TreeMap<>();
        configuration.forEach((name, value) -> shared.put(name.intern(), value.intern()));
        configuration = Map.copyOf(shared);
        trainer = trainer.intern();
        source = source.intern();
        tribuoVersion = tribuoVersion.intern();
        javaVersion = javaVersion.intern();
    }

    /** The essentials of a model trained on a {@link ShipmentDataset}. */
    static TrainingProvenance of(ModelProvenance provenance) {
        Map<String, String> configuration = new TreeMap<>();
        for (Map.Entry<String, Provenance> entry : provenance.getTrainerProvenance().getConfiguredParameters().entrySet()) {
            if (entry.getValue() instanceof PrimitiveProvenance<?> value) {
                configuration.put(entry.getKey(), String.valueOf(value.getValue()));
            }
        }
        DataProvenance data = provenance.getDatasetProvenance().getSourceProvenance();
        if (!(data instanceof HistoryProvenance history)) {
            throw new IllegalArgumentException("not trained on a customer's history: " + data.getClassName());
        }
        return new TrainingProvenance(provenance.getTrainerProvenance().getClassName(), configuration, history.source(),
                history.customerId(), history.windowStart(), history.windowEnd(), history.examples(),
                provenance.getTribuoVersion(), provenance.getJavaVersion());
    }

    /** The configuration in a stable order, for the stored form and the API. */
    public Map<String, String> sortedConfiguration() {
        return new TreeMap<>(configuration);
    }
}
