package dev.autoship.predictor.outcome;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autoship.predictor.history.ShipmentChoice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Predictions as documents of the prediction log's indices (mapping in
 * {@code elasticsearch/prediction-log-template.json}), each naming the predictor cluster that answered it. Written
 * with jackson-core's streaming generator through one reusable buffer: a document costs its own bytes and no object
 * per field, and the bulk ingester sends those bytes as they are instead of serializing a document object again.
 * Instants are written as {@link Instant#toString()} writes them. A writer is not thread-safe: the log's one
 * writing thread owns it.
 */
final class PredictionLogDocuments {

    private static final SerializableString CLUSTER_NAME = new SerializedString("clusterName");
    private static final SerializableString CUSTOMER_ID = new SerializedString("customerId");
    private static final SerializableString ORDER_ID = new SerializedString("orderId");
    private static final SerializableString PREDICTED_AT = new SerializedString("predictedAt");
    private static final SerializableString MODEL_TRAINED_AT = new SerializedString("modelTrainedAt");
    private static final SerializableString SHIPMENT = new SerializedString("shipment");
    private static final SerializableString CARRIER = new SerializedString("carrier");
    private static final SerializableString SERVICE = new SerializedString("service");
    private static final SerializableString PACKAGING = new SerializedString("packaging");
    private static final SerializableString CONFIDENCE = new SerializedString("confidence");
    private static final SerializableString AUTO_SHIP = new SerializedString("autoShip");
    private static final int SECONDS_PER_DAY = 86_400;
    /** {@code yyyy-MM-ddTHH:mm:ss.nnnnnnnnnZ} */
    private static final int LONGEST_INSTANT = 30;
    /** The confidence texts kept: one per slot, 2^6 slots. */
    private static final int CONFIDENCE_SLOT_BITS = 6;

    private final SerializableString clusterName;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private final JsonGenerator generator;
    private final InstantText predictedAt = new InstantText();
    private final InstantText modelTrainedAt = new InstantText();
    /**
     * The text of recently written confidences by their bits, one per slot: a forest's confidences are its vote
     * shares, a few dozen values, and {@code Double.toString} was a tenth of the log thread's time.
     */
    private final long[] confidenceBits = new long[1 << CONFIDENCE_SLOT_BITS];
    private final String[] confidenceTexts = new String[1 << CONFIDENCE_SLOT_BITS];

    PredictionLogDocuments(String clusterName) {
        this.clusterName = new SerializedString(clusterName);
        try {
            this.generator = new JsonFactory().createGenerator(buffer, JsonEncoding.UTF8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // documents are taken one at a time: no separator between them
        generator.setRootValueSeparator(null);
    }

    /** The prediction's document as UTF-8 JSON. */
    byte[] write(PredictionRecord prediction) {
        try {
            generator.writeStartObject();
            generator.writeFieldName(CLUSTER_NAME);
            generator.writeString(clusterName);
            generator.writeFieldName(CUSTOMER_ID);
            generator.writeString(prediction.customerId());
            generator.writeFieldName(ORDER_ID);
            generator.writeString(prediction.orderId());
            generator.writeFieldName(PREDICTED_AT);
            writeInstant(predictedAt, prediction.predictedAt());
            generator.writeFieldName(MODEL_TRAINED_AT);
            writeInstant(modelTrainedAt, prediction.modelTrainedAt());
            generator.writeFieldName(SHIPMENT);
            writeShipment(prediction.shipment());
            generator.writeFieldName(CONFIDENCE);
            writeConfidence(prediction.confidence());
            generator.writeFieldName(AUTO_SHIP);
            generator.writeBoolean(prediction.autoShip());
            generator.writeEndObject();
            generator.flush();
            byte[] document = buffer.toByteArray();
            buffer.reset();
            return document;
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // into memory: not expected
        }
    }

    private void writeShipment(ShipmentChoice shipment) throws IOException {
        if (shipment == null) {
            generator.writeNull();
            return;
        }
        generator.writeStartObject();
        generator.writeFieldName(CARRIER);
        generator.writeString(shipment.carrier());
        generator.writeFieldName(SERVICE);
        generator.writeString(shipment.service());
        generator.writeFieldName(PACKAGING);
        generator.writeString(shipment.packaging());
        generator.writeEndObject();
    }

    /** As {@code writeNumber(double)} writes it ({@link Double#toString}), from the slot of its bits when it holds it. */
    private void writeConfidence(double confidence) throws IOException {
        if (!Double.isFinite(confidence)) {
            generator.writeNumber(confidence);
            return;
        }
        long bits = Double.doubleToRawLongBits(confidence);
        // Fibonacci hashing: the top bits of the product spread values that differ in any bit
        int slot = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - CONFIDENCE_SLOT_BITS));
        String text = confidenceTexts[slot];
        if (text == null || confidenceBits[slot] != bits) {
            text = Double.toString(confidence);
            confidenceBits[slot] = bits;
            confidenceTexts[slot] = text;
        }
        generator.writeNumber(text);
    }

    private void writeInstant(InstantText text, Instant at) throws IOException {
        if (at == null) {
            generator.writeNull();
            return;
        }
        int length = text.format(at);
        if (length < 0) {
            generator.writeString(at.toString());
        } else {
            generator.writeString(text.chars, 0, length);
        }
    }

    /**
     * {@link Instant#toString()} (ISO-8601, fraction in groups of three digits, none when zero) into {@link #chars}
     * without a formatter. The date and time of day are made again only when the second changes (entries come many to
     * a second), the date only when the day does; each field of a document has its own, as the model's training time
     * is often another day than the prediction's.
     */
    private static final class InstantText {

        /** Where the fraction starts: after {@code yyyy-MM-ddTHH:mm:ss}. */
        private static final int SECONDS_END = 19;

        final char[] chars = new char[LONGEST_INSTANT];
        private long day = Long.MIN_VALUE;
        private long second = Long.MIN_VALUE;

        /** The text's length, or -1 for years beyond 0000–9999 (written by {@code toString} instead). */
        int format(Instant at) {
            long seconds = at.getEpochSecond();
            if (seconds != second) {
                long epochDay = Math.floorDiv(seconds, SECONDS_PER_DAY);
                if (epochDay != day) {
                    LocalDate date = LocalDate.ofEpochDay(epochDay);
                    if (date.getYear() < 0 || date.getYear() > 9999) {
                        return -1;
                    }
                    digits(date.getYear(), 0, 4);
                    chars[4] = '-';
                    digits(date.getMonthValue(), 5, 2);
                    chars[7] = '-';
                    digits(date.getDayOfMonth(), 8, 2);
                    chars[10] = 'T';
                    day = epochDay;
                }
                int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
                digits(secondOfDay / 3600, 11, 2);
                chars[13] = ':';
                digits(secondOfDay / 60 % 60, 14, 2);
                chars[16] = ':';
                digits(secondOfDay % 60, 17, 2);
                second = seconds;
            }
            int length = SECONDS_END;
            int nanos = at.getNano();
            if (nanos != 0) {
                chars[length++] = '.';
                if (nanos % 1_000_000 == 0) {
                    digits(nanos / 1_000_000, length, 3);
                    length += 3;
                } else if (nanos % 1_000 == 0) {
                    digits(nanos / 1_000, length, 6);
                    length += 6;
                } else {
                    digits(nanos, length, 9);
                    length += 9;
                }
            }
            chars[length++] = 'Z';
            return length;
        }

        private void digits(int value, int at, int count) {
            for (int i = at + count - 1; i >= at; i--) {
                chars[i] = (char) ('0' + value % 10);
                value /= 10;
            }
        }
    }

    /** The prediction a document holds; empty when it is not one this predictor wrote. */
    static Optional<PredictionRecord> read(JsonNode document) {
        if (document == null) {
            return Optional.empty();
        }
        JsonNode shipment = document.path("shipment");
        try {
            return Optional.of(new PredictionRecord(
                    text(document, "customerId"), text(document, "orderId"),
                    new ShipmentChoice(text(shipment, "carrier"), text(shipment, "service"), text(shipment, "packaging")),
                    document.path("confidence").asDouble(),
                    document.path("autoShip").asBoolean(),
                    Instant.parse(text(document, "modelTrainedAt")),
                    Instant.parse(text(document, "predictedAt"))));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.textValue();
    }
}
