package dev.autoship.predictor.model;

import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import org.tribuo.Example;
import org.tribuo.ImmutableDataset;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A customer's training (or validation) shipments as a Tribuo {@link org.tribuo.Dataset}: a view over the feature
 * rows the predictor extracts once, not a copy. Examples are made only when a Tribuo component iterates them;
 * {@link HistogramForestTrainer} reads the columns directly. Label ids are the model's own (choices sorted by
 * label), the same for every part of one history so a model trained on its older part scores its newest part.
 */
public final class ShipmentDataset extends ImmutableDataset<Label> {

    private static final LabelFactory LABELS = new LabelFactory();

    private final transient FeatureRows rows;
    /** {@link #rows} without category shares (the same rows without shares). */
    private final transient FeatureRows plainRows;
    private final transient FeatureColumns columns;
    private final int[] labelIds;
    private final double[] ageDays;
    private final Label[] labelsById;
    private final ShipmentChoice[] choicesById;
    private final transient OrderFeatures extractor;

    private ShipmentDataset(HistoryProvenance source, FeatureRows rows, FeatureRows plainRows, FeatureColumns columns,
                            int[] labelIds, double[] ageDays, ShipmentChoice[] choicesById, Label[] labelsById,
                            ImmutableOutputInfo<Label> outputs, OrderFeatures extractor) {
        super(source, LABELS, featureMap(columns), outputs);
        this.rows = rows;
        this.plainRows = plainRows;
        this.columns = columns;
        this.labelIds = labelIds;
        this.ageDays = ageDays;
        this.choicesById = choicesById;
        this.extractor = extractor;
        this.labelsById = labelsById;
    }

    /**
     * A history's features and labels, extracted once: what a training needs, Tribuo or not.
     *
     * @param extractor the features as a model trained on these rows extracts them (with their category shares)
     * @param plain     the rows without category shares (the same as {@code features} without shares), from which a
     *                  validation split adds its older part's shares
     */
    record Rows(FeatureRows features, FeatureColumns columns, int[] labelIds, ShipmentChoice[] choices,
                double[] ageDays, OrderFeatures extractor, FeatureRows plain) {
    }

    static Rows rows(OrderFeatures features, List<Shipment> shipments) {
        ShipmentChoice[] choices = shipments.stream().map(Shipment::shipment).distinct()
                .sorted(java.util.Comparator.comparing(ShipmentModel::labelOf))
                .toArray(ShipmentChoice[]::new);
        Map<ShipmentChoice, Integer> ids = new HashMap<>();
        for (int id = 0; id < choices.length; id++) {
            ids.put(choices[id], id);
        }
        int[] labelIds = new int[shipments.size()];
        for (int row = 0; row < labelIds.length; row++) {
            labelIds[row] = ids.get(shipments.get(row).shipment());
        }
        double[] ageDays = new double[shipments.size()];
        if (!shipments.isEmpty()) {
            long newest = shipments.stream().mapToLong(s -> s.shippedAt().getEpochSecond()).max().orElseThrow();
            for (int row = 0; row < ageDays.length; row++) {
                ageDays[row] = (newest - shipments.get(row).shippedAt().getEpochSecond()) / 86_400.0;
            }
        }
        FeatureRows plain = FeatureRows.of(features, shipments);
        FeatureRows rows = plain;
        OrderFeatures extractor = features;
        if (features.withShares()) {
            CategoryShares shares = CategoryShares.of(plain);
            rows = plain.withShares(shares);
            extractor = features.withShares(shares);
        }
        return new Rows(rows, FeatureColumns.of(rows), labelIds, choices, ageDays, extractor, plain);
    }

    /** The shipments (newest first, as history is read) with their features extracted. */
    public static ShipmentDataset of(OrderFeatures features, List<Shipment> shipments, HistoryProvenance source) {
        Rows rows = rows(features, shipments);
        ShipmentChoice[] choices = rows.choices();
        Label[] labels = new Label[choices.length];
        Map<Label, Integer> labelIdMap = new HashMap<>();
        for (int id = 0; id < choices.length; id++) {
            labels[id] = new Label(ShipmentModel.labelOf(choices[id]));
            labelIdMap.put(labels[id], id);
        }
        return new ShipmentDataset(source, rows.features(), rows.plain(), rows.columns(), rows.labelIds(), rows.ageDays(),
                choices, labels, LABELS.constructInfoForExternalModel(labelIdMap), rows.extractor());
    }

    /** The newest rows of a history and the older rest, as a model trained on the older rest sees both. */
    public record Split(ShipmentDataset newest, ShipmentDataset older) {
    }

    /**
     * The newest {@code newest} rows and the older rest, as a model trained on the older rest sees both: with category
     * shares, those of the older rest (a value only the newest rows have is one it never saw), so nothing of the rows
     * it is scored on reaches the features it learns from.
     */
    public Split splitAt(int newest, HistoryProvenance newer, HistoryProvenance older) {
        if (!extractor.withShares()) {
            return new Split(slice(0, newest, newer), slice(newest, size(), older));
        }
        CategoryShares olderShares = CategoryShares.of(plainRows.slice(newest, size()));
        FeatureRows shared = plainRows.withShares(olderShares);
        FeatureColumns sharedColumns = FeatureColumns.of(shared);
        OrderFeatures olderExtractor = extractor.withShares(olderShares);
        return new Split(slice(shared, plainRows, sharedColumns, 0, newest, newer, olderExtractor),
                slice(shared, plainRows, sharedColumns, newest, size(), older, olderExtractor));
    }

    /** Rows {@code [from, to)} (newest first) with the same labels and ids, described by {@code source}. */
    public ShipmentDataset slice(int from, int to, HistoryProvenance source) {
        return slice(rows, plainRows, columns, from, to, source, extractor);
    }

    private ShipmentDataset slice(FeatureRows rows, FeatureRows plain, FeatureColumns columns, int from, int to,
                                  HistoryProvenance source, OrderFeatures extractor) {
        FeatureRows part = rows.slice(from, to);
        double[] ages = java.util.Arrays.copyOfRange(ageDays, from, to);
        double newest = java.util.Arrays.stream(ages).min().orElse(0);
        for (int row = 0; row < ages.length; row++) {
            ages[row] -= newest;
        }
        return new ShipmentDataset(source, part, plain.slice(from, to), columns.slice(rows, from, to),
                java.util.Arrays.copyOfRange(labelIds, from, to), ages, choicesById, labelsById, outputIDInfo, extractor);
    }

    private static ImmutableFeatureMap featureMap(FeatureColumns columns) {
        List<VariableInfo> infos = new ArrayList<>(columns.width());
        for (int column = 0; column < columns.width(); column++) {
            infos.add(columns.info(column));
        }
        return new ImmutableFeatureMap(infos);
    }

    FeatureColumns columns() {
        return columns;
    }

    /** The label id of every row. */
    int[] labelIds() {
        return labelIds;
    }

    /** Days each row shipped before the newest row. */
    double[] ageDays() {
        return ageDays;
    }

    ShipmentChoice[] choicesById() {
        return choicesById;
    }

    /**
     * The features as a model trained on this history extracts them. A {@link #slice} keeps the whole history's
     * category shares (its rows were extracted with them); {@link #splitAt} gives both parts the older part's.
     */
    OrderFeatures extractor() {
        return extractor;
    }

    Label labelOf(int id) {
        return labelsById[id];
    }

    @Override
    public HistoryProvenance getSourceProvenance() {
        return (HistoryProvenance) sourceProvenance;
    }

    @Override
    public int size() {
        return labelIds.length;
    }

    @Override
    public Example<Label> getExample(int index) {
        return new ArrayExample<>(labelsById[labelIds[index]], rows.names(index), rows.values(index));
    }

    @Override
    public List<Example<Label>> getData() {
        return new AbstractList<>() {
            @Override
            public Example<Label> get(int index) {
                return getExample(index);
            }

            @Override
            public int size() {
                return labelIds.length;
            }
        };
    }

    @Override
    public synchronized Iterator<Example<Label>> iterator() {
        return getData().iterator();
    }

    @Override
    public Set<Label> getOutputs() {
        return new LinkedHashSet<>(List.of(labelsById));
    }
}
