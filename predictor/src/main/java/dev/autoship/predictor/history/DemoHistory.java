package dev.autoship.predictor.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The embedded history: the generated demo data set, used when no Elasticsearch is configured, plus the shipments
 * {@linkplain #accept accepted} since the start (at most {@value #MAX_ACCEPTED}), so the outcome loop can be tried
 * without Elasticsearch.
 */
public final class DemoHistory implements HistorySource {

    static final int MAX_ACCEPTED = 100_000;
    private static final Comparator<Shipment> SHIPPING_ORDER = Comparator.comparing(ShipmentPosition::of);

    private final DemoDataSet dataSet;
    private final Map<String, List<Shipment>> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger acceptedCount = new AtomicInteger();

    public DemoHistory(DemoDataSet dataSet) {
        this.dataSet = dataSet;
    }

    @Override
    public List<String> someCustomers(Instant since, int minShipments, int max) {
        return DemoDataSet.customerIds().stream()
                .filter(customerId -> recentShipments(customerId, since, minShipments).size() >= minShipments)
                .limit(max)
                .toList();
    }

    @Override
    public List<String> busiestRecently(Instant since, int sampled, int max) {
        Map<String, Integer> shipments = new HashMap<>();
        Stream.concat(DemoDataSet.customerIds().stream(), accepted.keySet().stream()).distinct()
                .flatMap(customerId -> recentShipments(customerId, since, sampled).stream())
                .sorted(Comparator.comparing(Shipment::shippedAt).reversed())
                .limit(sampled)
                .forEach(shipment -> shipments.merge(shipment.customerId(), 1, Integer::sum));
        return HistorySource.busiestFirst(shipments, max);
    }

    /**
     * Adds shipments to the history, as a shipping system adds documents to the shipments index.
     *
     * @return false, adding none, when they would take the history past its bound
     */
    public boolean accept(List<Shipment> shipments) {
        if (acceptedCount.addAndGet(shipments.size()) > MAX_ACCEPTED) {
            acceptedCount.addAndGet(-shipments.size());
            return false;
        }
        for (Shipment shipment : shipments) {
            List<Shipment> customer = accepted.computeIfAbsent(shipment.customerId(), id -> new ArrayList<>());
            synchronized (customer) {
                customer.add(shipment);
            }
        }
        return true;
    }

    @Override
    public List<Shipment> recentShipments(String customerId, Instant since, int max) {
        Stream<Shipment> generated = dataSet.shipments(customerId).stream().map(DemoShipment::shipment);
        // the generated shipments are newest first already; accepted ones go in by shipping time
        return (accepted.containsKey(customerId) ? all(customerId).sorted(SHIPPING_ORDER.reversed()) : generated)
                .filter(s -> !s.shippedAt().isBefore(since))
                .limit(max)
                .toList();
    }

    private Stream<Shipment> all(String customerId) {
        List<Shipment> added = accepted.getOrDefault(customerId, List.of());
        List<Shipment> copy;
        synchronized (added) {
            copy = List.copyOf(added);
        }
        return Stream.concat(dataSet.shipments(customerId).stream().map(DemoShipment::shipment), copy.stream());
    }
}
