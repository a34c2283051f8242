package dev.autoship.predictor.model;

import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Example;
import org.tribuo.Excuse;
import org.tribuo.Feature;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.provenance.ModelProvenance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Tribuo model a {@link HistogramForestTrainer} makes: its predictions are the votes of the {@link CompactForest}
 * it wraps (a label's score is its share of the trees' votes), the form the predictor serves and stores. It is not
 * stored itself: {@link ModelCodec} stores the forest and the provenance's essentials.
 */
public final class HistogramForestModel extends Model<Label> {

    private final transient CompactForest forest;
    /** The label of each output id (Tribuo's lookup by id costs more than the vote itself). */
    private final transient String[] labelNames;

    HistogramForestModel(String name, ModelProvenance provenance, ImmutableFeatureMap features,
                         ImmutableOutputInfo<Label> outputs, CompactForest forest) {
        super(name, provenance, features, outputs, true);
        this.forest = forest;
        this.labelNames = new String[outputs.size()];
        for (int id = 0; id < labelNames.length; id++) {
            labelNames[id] = outputs.getOutput(id).getLabel();
        }
    }

    CompactForest forest() {
        return forest;
    }

    @Override
    public Prediction<Label> predict(Example<Label> example) {
        double[] values = forest.valuesWhenAbsent();
        int used = 0;
        for (Feature feature : example) {
            int slot = forest.slot(feature.getName());
            if (slot >= 0) {
                values[slot] = feature.getValue();
                used++;
            }
        }
        double[] shares = forest.voteShares(values);
        Map<String, Label> scores = new LinkedHashMap<>();
        int best = 0;
        for (int id = 0; id < shares.length; id++) {
            String name = labelNames[id];
            scores.put(name, new Label(name, shares[id]));
            if (shares[id] > shares[best]) {
                best = id;
            }
        }
        return new Prediction<>(scores.get(labelNames[best]), scores, used, example, true);
    }

    /** Features by how many splits use them, most first (one list for all labels). */
    @Override
    public Map<String, List<Pair<String, Double>>> getTopFeatures(int n) {
        Map<String, Double> splits = new HashMap<>();
        String[] names = forest.featureNames();
        for (int code : forest.feature()) {
            if (code >= 0) {
                splits.merge(names[code], 1.0, Double::sum);
            }
        }
        List<Pair<String, Double>> top = new ArrayList<>();
        splits.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .limit(n < 0 ? Long.MAX_VALUE : n)
                .forEach(entry -> top.add(new Pair<>(entry.getKey(), entry.getValue())));
        return Map.of(ALL_OUTPUTS, top);
    }

    @Override
    public Optional<Excuse<Label>> getExcuse(Example<Label> example) {
        return Optional.empty();
    }

    @Override
    protected HistogramForestModel copy(String newName, ModelProvenance newProvenance) {
        return new HistogramForestModel(newName, newProvenance, featureIDMap, outputIDInfo, forest);
    }
}
