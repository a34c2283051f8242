package dev.autoship.predictor.history;

import java.time.Instant;
import java.util.List;

/** The embedded history: the generated demo data set, used when no Elasticsearch is configured. */
public final class DemoHistory implements HistorySource {

    private final DemoDataSet dataSet;

    public DemoHistory(DemoDataSet dataSet) {
        this.dataSet = dataSet;
    }

    @Override
    public List<Shipment> recentShipments(String customerId, Instant since, int max) {
        return dataSet.shipments(customerId).stream()
                .map(DemoShipment::shipment)
                .filter(s -> !s.shippedAt().isBefore(since))
                .limit(max)
                .toList();
    }
}
