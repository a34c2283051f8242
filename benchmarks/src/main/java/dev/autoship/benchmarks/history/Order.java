package dev.autoship.benchmarks.history;

/** The order fields of the prediction API and of a shipment document (DESIGN.md), camelCase as on the wire. */
public record Order(double weightOz, double lengthIn, double widthIn, double heightIn, double orderTotal,
                    int itemCount, String store, String requestedService, ShipTo shipTo) {

    public record ShipTo(String country, String state, String postalCode, boolean residential) {
    }
}
