package dev.autoship.predictor.outcome;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autoship.predictor.history.ShipmentChoice;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionLogDocumentsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TRAINED = Instant.parse("2026-12-01T08:15:30.123456789Z");
    private static final Instant PREDICTED = Instant.parse("2026-12-02T13:05:07.250Z");

    private static String written(PredictionLogDocuments documents, PredictionRecord prediction) {
        return new String(documents.write(prediction), StandardCharsets.UTF_8);
    }

    /** Characters outside the Basic Multilingual Plane are escaped as surrogate pairs, as Jackson always wrote them. */
    @Test
    void anEntryIsWrittenAsTheDocumentTheMappingDescribes() {
        PredictionRecord prediction = new PredictionRecord("Müller & \"Söhne\"", "order-7\\日本",
                new ShipmentChoice("UPS", "Ground", "box 📦"), 0.875, true, TRAINED, PREDICTED);

        assertThat(written(new PredictionLogDocuments("eu-west"), prediction)).isEqualTo("""
                {"clusterName":"eu-west","customerId":"Müller & \\"Söhne\\"","orderId":"order-7\\\\日本",\
                "predictedAt":"2026-12-02T13:05:07.250Z","modelTrainedAt":"2026-12-01T08:15:30.123456789Z",\
                "shipment":{"carrier":"UPS","service":"Ground","packaging":"box \\uD83D\\uDCE6"},"confidence":0.875,\
                "autoShip":true}""");
    }

    @Test
    void blankPartsAreWrittenBlankAndMissingOnesAsNull() {
        PredictionRecord prediction = new PredictionRecord("c", "o", new ShipmentChoice("USPS", null, ""), 0.0, false,
                Instant.EPOCH, PREDICTED);

        assertThat(written(new PredictionLogDocuments(""), prediction)).isEqualTo("""
                {"clusterName":"","customerId":"c","orderId":"o","predictedAt":"2026-12-02T13:05:07.250Z",\
                "modelTrainedAt":"1970-01-01T00:00:00Z","shipment":{"carrier":"USPS","service":null,"packaging":""},\
                "confidence":0.0,"autoShip":false}""");
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThemOnEveryDay() throws Exception {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("2028-02-29T12:00:00.000001Z"), Instant.parse("2026-12-02T00:00:00.100Z")));
        Random random = new Random(21);
        for (int i = 0; i < 2_000; i++) {
            long seconds = random.nextLong(-3_000_000_000L, 4_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
            // the same day again, at another time
            instants.add(Instant.ofEpochSecond(seconds - seconds % 60, nanos));
        }
        PredictionLogDocuments documents = new PredictionLogDocuments("c");
        for (Instant at : instants) {
            var document = JSON.readTree(documents.write(new PredictionRecord("c", "o", new ShipmentChoice("a", "b", "c"),
                    0.5, false, at, at)));
            assertThat(document.get("predictedAt").textValue()).isEqualTo(at.toString());
            assertThat(document.get("modelTrainedAt").textValue()).isEqualTo(at.toString());
        }
    }

    /**
     * Confidences are written as Jackson writes a double, whether their text was kept from an earlier entry or not:
     * a forest's vote shares again and again, values that share a slot, and any double at all.
     */
    @Test
    void confidencesAreWrittenAsJacksonWritesThemWhenTheirTextIsKeptAndWhenItIsNot() throws Exception {
        List<Double> confidences = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int trees : new int[] {30, 60, 7}) {
                for (int votes = 0; votes <= trees; votes++) {
                    confidences.add((double) votes / trees);
                }
            }
        }
        Random random = new Random(23);
        for (int i = 0; i < 5_000; i++) {
            confidences.add(i % 2 == 0 ? random.nextDouble() : Double.longBitsToDouble(random.nextLong()));
        }
        confidences.addAll(List.of(0.0, -0.0, 1.0, Double.MIN_VALUE, Double.MAX_VALUE, 1e-7, 1e7, 0.1 + 0.2));
        PredictionLogDocuments documents = new PredictionLogDocuments("c");
        for (double confidence : confidences) {
            String document = written(documents, new PredictionRecord("c", "o", new ShipmentChoice("a", "b", "c"),
                    confidence, false, TRAINED, PREDICTED));
            String expected = JSON.writeValueAsString(java.util.Map.of("confidence", confidence));
            assertThat(document).as("confidence %s", confidence)
                    .contains("," + expected.substring(1, expected.length() - 1) + ",");
        }
    }

    /** Each entry's two times are written on their own, though the model's is another day and the entries share seconds. */
    @Test
    void bothTimesAreRightWhenTheyAreDaysApartAndEntriesComeManyToASecond() throws Exception {
        PredictionLogDocuments documents = new PredictionLogDocuments("c");
        Instant predicted = PREDICTED;
        for (int i = 0; i < 3_000; i++) {
            predicted = predicted.plusMillis(1 + i % 7);
            Instant trained = i % 3 == 0 ? TRAINED : predicted.minusSeconds(86_400L * (1 + i % 5) + i % 2);
            var document = JSON.readTree(documents.write(new PredictionRecord("c", "o", new ShipmentChoice("a", "b", "c"),
                    0.5, false, trained, predicted)));
            assertThat(document.get("predictedAt").textValue()).isEqualTo(predicted.toString());
            assertThat(document.get("modelTrainedAt").textValue()).isEqualTo(trained.toString());
        }
    }

    @Test
    void eachWrittenDocumentReadsBackAsTheEntryItWasMadeOf() throws Exception {
        PredictionLogDocuments documents = new PredictionLogDocuments("cluster");
        List<PredictionRecord> entries = List.of(
                new PredictionRecord("c1", "o1", new ShipmentChoice("UPS", "Ground", "box"), 0.1, false, TRAINED, PREDICTED),
                new PredictionRecord("c2", "o2", new ShipmentChoice("日本郵便", "ゆうパック", ""), 1.0, true,
                        TRAINED.plusNanos(1), PREDICTED.plusSeconds(86_400)),
                new PredictionRecord("c3", "o3", new ShipmentChoice("DHL", "Express", "envelope"), 1 / 3.0, true,
                        Instant.EPOCH, PREDICTED.minusNanos(1)));
        for (PredictionRecord entry : entries) {
            assertThat(PredictionLogDocuments.read(JSON.readTree(documents.write(entry)))).contains(entry);
        }
    }
}
