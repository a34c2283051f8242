package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

class ModelCodecTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00.123456789Z");
    private static final String CUSTOMER = "demo-customer-07";
    private static final OrderFeatures FEATURES = ShipmentModelTrainer.standardFeatures();
    private static final ModelCodec CODEC = new ModelCodec(FEATURES);
    private static final ShipmentChoice UPS = new ShipmentChoice("UPS", "Ground", "box");
    private static final ShipmentChoice USPS = new ShipmentChoice("USPS", "Priority Mail", "package");

    private static final AutoShipRule RULE = new AutoShipRule(0.9);
    private static final TrainingProvenance TINY_PROVENANCE = new TrainingProvenance("t", java.util.Map.of(), "s",
            CUSTOMER, NOW, NOW, 100, "v", "j");

    /** Where the tiny models' validation tally count is. */
    private static final int TALLIES_AT = 4 + 2 + CUSTOMER.length() + 2 + FEATURES.signature().length() + 12 + 4
            + 2 + "t".length() + 2 + 2 + "s".length() + 12 + 12 + 2 + "v".length() + 2 + "j".length();

    private static List<Shipment> history;
    private static ShipmentModel model;
    private static byte[] bytes;

    @BeforeAll
    static void train() {
        history = new DemoDataSet(NOW).shipments(CUSTOMER).stream().map(DemoShipment::shipment).toList();
        model = ShipmentModelTrainer.standard(Clock.fixed(NOW, ZoneOffset.UTC)).train(CUSTOMER, history);
        bytes = CODEC.encode(model);
    }

    @Test
    void roundTripAnswersEveryOrderAlikeAndKeepsTheMetadata() {
        ShipmentModel restored = CODEC.decode(CUSTOMER, bytes).orElseThrow();

        assertThat(restored.trainedAt()).isEqualTo(NOW);
        assertThat(restored.examples()).isEqualTo(history.size());
        assertThat(restored.trainer()).isEqualTo(model.trainer());
        assertThat(restored.choices()).isEqualTo(model.choices());
        for (Shipment shipment : history) {
            assertThat(restored.predict(shipment.order(), NOW)).isEqualTo(model.predict(shipment.order(), NOW));
        }
        assertThat(CODEC.encode(restored)).isEqualTo(bytes);
    }

    @Test
    void roundTripKeepsTheProvenanceTheValidationAndTheThreshold() {
        ShipmentModel restored = CODEC.decode(CUSTOMER, bytes).orElseThrow();

        assertThat(model.validation()).isPresent();
        assertThat(restored.validation()).isEqualTo(model.validation());
        assertThat(restored.autoShipThreshold()).isEqualTo(model.autoShipThreshold());
        assertThat(restored.provenance()).isEqualTo(model.provenance());
        assertThat(restored.provenance().configuration()).containsEntry("seed", "1").containsEntry("trees", "30")
                .containsEntry("maxSamplesPerTree", "500");
        assertThat(restored.provenance().tribuoVersion()).isEqualTo(org.tribuo.Tribuo.VERSION);
        assertThat(restored.provenance().examples()).isEqualTo(history.size());
        assertThat(restored.provenance().customerId()).isEqualTo(CUSTOMER);
    }

    @Test
    void aStoredValidationGetsTheThresholdOfTheDecodingInstancesTarget() {
        byte[] validated = CODEC.encode(validatedModel(List.of(new ConfidenceTally(0.5, 30, 10),
                new ConfidenceTally(1.0, 60, 60))));

        assertThat(new ModelCodec(FEATURES, new AutoShipRule(0.95)).decode(CUSTOMER, validated).orElseThrow()
                .autoShipThreshold()).hasValue(1.0);
        assertThat(new ModelCodec(FEATURES, new AutoShipRule(0.6)).decode(CUSTOMER, validated).orElseThrow()
                .autoShipThreshold()).hasValue(0.5);
    }

    @Test
    void validationTalliesThatLieAreRefusedEvenWithAValidChecksum() {
        byte[] validated = CODEC.encode(validatedModel(List.of(new ConfidenceTally(0.5, 10, 5),
                new ConfidenceTally(1.0, 40, 40))));
        int first = TALLIES_AT + 2;
        int second = first + 16;

        assertThat(CODEC.decode(CUSTOMER, validated)).isPresent();
        assertThat(CODEC.decode(CUSTOMER, withInt(validated, first + 12, 11))).as("more right than answers").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withInt(validated, first + 12, -1))).as("negative right").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withInt(validated, first + 8, 0))).as("no answers").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withInt(validated, first + 8, 61))).as("more answers than examples").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withLong(validated, second, Double.doubleToRawLongBits(0.4))))
                .as("confidences out of order").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withLong(validated, second, Double.doubleToRawLongBits(1.5))))
                .as("confidence above 1").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withLong(validated, second, Double.doubleToRawLongBits(Double.NaN))))
                .as("confidence not a number").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withShort(validated, TALLIES_AT, ModelCodec.MAX_TALLIES + 1)))
                .as("tally count cap").isEmpty();
    }

    @Test
    void everyTruncationIsRefused() {
        for (int length = 0; length < bytes.length; length++) {
            assertThat(CODEC.decode(CUSTOMER, Arrays.copyOf(bytes, length))).as("first %d bytes", length).isEmpty();
        }
    }

    @Test
    void everySingleBitFlipIsRefused() {
        for (int at = 0; at < bytes.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = bytes.clone();
                flipped[at] ^= (byte) (1 << bit);
                assertThat(CODEC.decode(CUSTOMER, flipped)).as("bit %d of byte %d", bit, at).isEmpty();
            }
        }
    }

    @Test
    void otherCustomersOtherFeaturesAndForeignBytesAreRefused() {
        assertThat(CODEC.decode("demo-customer-08", bytes)).isEmpty();
        assertThat(new ModelCodec(new OrderFeatures(false)).decode(CUSTOMER, bytes)).isEmpty();
        assertThat(CODEC.decode(CUSTOMER, new byte[0])).isEmpty();
        assertThat(CODEC.decode(CUSTOMER, "not a model".getBytes())).isEmpty();
        // what format m1 stored: Tribuo's protobuf
        byte[] m1 = TribuoForestReference.train(TribuoForestReference.trainer(), FEATURES, history.subList(0, 30))
                .serialized();
        assertThat(CODEC.decode(CUSTOMER, m1)).isEmpty();
    }

    @Test
    void referencesOutOfRangeAreRefusedEvenWithAValidChecksum() {
        // one feature, two labels: the encoder writes whatever the arrays say, the decoder must check it
        assertThat(decodeForest(new int[] {0, ~0, ~1}, 1, 2)).isPresent();
        assertThat(decodeForest(new int[] {1, ~0, ~1}, 1, 2)).as("split on a feature that is not there").isEmpty();
        assertThat(decodeForest(new int[] {0, ~0, ~2}, 1, 2)).as("vote for a label that is not there").isEmpty();
        assertThat(decodeForest(new int[] {0, ~0}, 1, 2)).as("a split without its greater side").isEmpty();
        int[] deep = new int[ModelCodec.MAX_DEPTH + 2];
        Arrays.fill(deep, 0);
        deep[deep.length - 2] = ~0;
        deep[deep.length - 1] = ~1;
        assertThat(decodeForest(deep, 1, 2)).as("deeper than the cap").isEmpty();
    }

    @Test
    void countsThatLieAreRefusedEvenWithAValidChecksum() {
        byte[] tiny = CODEC.encode(forestModel(new int[] {~1}, 1, 2));
        int nodeCount = tiny.length - 4 - 1 - 4;
        int treeCount = nodeCount - 2;
        int labelCount = TALLIES_AT + 2;

        assertThat(CODEC.decode(CUSTOMER, withInt(tiny, nodeCount, 1))).isPresent();
        assertThat(CODEC.decode(CUSTOMER, withInt(tiny, nodeCount, 2))).as("more nodes than bytes").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withInt(tiny, nodeCount, Integer.MAX_VALUE))).isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withInt(tiny, nodeCount, -1))).isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withShort(tiny, treeCount, 0))).as("no trees").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withShort(tiny, treeCount, 2))).as("a tree missing").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withShort(tiny, labelCount, 0xffff))).as("label count cap").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withChecksum(Arrays.copyOf(tiny, tiny.length + 1)))).as("trailing bytes").isEmpty();
    }

    @Test
    void valuesOfAbsentFeaturesAreKeptAndThoseThatLieAreRefusedEvenWithAValidChecksum() {
        // a leaf-only tree over f0, f1, f2 where an order without f1 counts as 2.5: the value sits before the
        // category shares (u16 0), the thresholds (i32), the trees (u16), the nodes (i32), the one node's byte and
        // the checksum
        byte[] tiny = CODEC.encode(forestModel(new int[] {~1}, 3, 2, new double[] {0, 2.5, 0}));
        int value = tiny.length - 4 - 1 - 4 - 2 - 4 - 2 - 8;
        int slot = value - 2;
        int count = slot - 2;

        ShipmentModel decoded = CODEC.decode(CUSTOMER, tiny).orElseThrow();
        assertThat(new double[] {decoded.forest().whenAbsent(0), decoded.forest().whenAbsent(1),
                decoded.forest().whenAbsent(2)}).containsExactly(0, 2.5, 0);
        assertThat(CODEC.decode(CUSTOMER, withShort(tiny, slot, 3))).as("a feature that is not there").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withShort(tiny, count, 4))).as("more values than features").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withLong(tiny, value, Double.doubleToRawLongBits(Double.NaN))))
                .as("not a number").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withLong(tiny, value, Double.doubleToRawLongBits(Double.POSITIVE_INFINITY))))
                .as("infinite").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withLong(tiny, value, 0))).as("0 is never written").isEmpty();
        byte[] twice = CODEC.encode(forestModel(new int[] {~1}, 3, 2, new double[] {0, 2.5, 7}));
        int secondSlot = twice.length - 4 - 1 - 4 - 2 - 4 - 2 - 8 - 2;
        assertThat(CODEC.decode(CUSTOMER, twice)).isPresent();
        assertThat(CODEC.decode(CUSTOMER, withShort(twice, secondSlot, 1))).as("a feature twice").isEmpty();
    }

    @Test
    void categorySharesRoundTripAndSharesThatLieAreRefusedEvenWithAValidChecksum() {
        ShipmentModel tiny = forestModel(new int[] {~1}, 1, 2);
        OrderFeatures withShares = FEATURES.withShares(new CategoryShares(java.util.Map.of("state=AK", 0.25)));
        byte[] stored = CODEC.encode(new ShipmentModel(CUSTOMER, tiny.forest(), tiny.choicesById(), TINY_PROVENANCE,
                withShares, NOW, 100, Optional.empty(), AutoShipPolicy.ownEvidence(RULE)));
        // from the end: checksum, node, node count, tree count, threshold count; before them the one share
        int share = stored.length - 4 - 1 - 4 - 2 - 4 - 8;
        int name = share - 2 - "state=AK".length();
        int count = name - 2;

        assertThat(CODEC.decode(CUSTOMER, stored).orElseThrow().features().shares()).isEqualTo(withShares.shares());
        assertThat(model.features().shares().byCategory()).as("a trained model's shares").containsKey("country=US");
        assertThat(CODEC.decode(CUSTOMER, withLong(stored, share, Double.doubleToRawLongBits(0)))).as("share 0").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withLong(stored, share, Double.doubleToRawLongBits(1.5)))).as("above 1").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withLong(stored, share, Double.doubleToRawLongBits(Double.NaN))))
                .as("not a number").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withByte(stored, name + 2 + "state".length(), ':')))
                .as("not a categorical feature").isEmpty();
        assertThat(CODEC.decode(CUSTOMER, withShort(stored, count, ModelCodec.MAX_FEATURES + 1))).as("count cap").isEmpty();
        assertThat(new ModelCodec(new OrderFeatures(true)).decode(CUSTOMER, CODEC.encode(tiny))).as("features alike")
                .isEmpty();
    }

    @Test
    void randomlyMutatedBytesWithAValidChecksumNeverBreakDecodingOrPrediction() {
        Random random = new Random(15);
        int accepted = 0;
        for (int round = 0; round < 5_000; round++) {
            byte[] mutated = bytes.clone();
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                mutated[random.nextInt(mutated.length - 4)] = (byte) random.nextInt(256);
            }
            Optional<ShipmentModel> decoded = CODEC.decode(CUSTOMER, withChecksum(mutated));
            if (decoded.isPresent()) {
                accepted++;
                for (Shipment shipment : history.subList(0, 20)) {
                    assertThat(decoded.get().predict(shipment.order(), NOW).confidence()).isBetween(0.0, 1.0);
                }
            }
        }
        // a changed threshold or leaf label is still a well-formed model: some mutations must pass
        assertThat(accepted).isPositive();
    }

    private static Optional<ShipmentModel> decodeForest(int[] codes, int features, int labels) {
        return CODEC.decode(CUSTOMER, CODEC.encode(forestModel(codes, features, labels)));
    }

    /** One tree over features f0.. with the given pre-order node codes (split thresholds all 1.0). */
    private static ShipmentModel forestModel(int[] codes, int features, int labels) {
        return forestModel(codes, features, labels, new double[features]);
    }

    private static ShipmentModel forestModel(int[] codes, int features, int labels, double[] whenAbsent) {
        String[] names = new String[features];
        for (int i = 0; i < features; i++) {
            names[i] = "f" + i;
        }
        double[] thresholds = new double[codes.length];
        Arrays.fill(thresholds, 1.0);
        int[] greater = new int[codes.length];
        Arrays.fill(greater, -1);
        ShipmentChoice[] choices = labels == 2 ? new ShipmentChoice[] {UPS, USPS} : new ShipmentChoice[] {UPS};
        return new ShipmentModel(CUSTOMER, new CompactForest(names, whenAbsent, new int[] {0}, codes, thresholds, greater, labels),
                choices, TINY_PROVENANCE, FEATURES, NOW, 100, Optional.empty(), AutoShipPolicy.ownEvidence(RULE));
    }

    private static ShipmentModel validatedModel(List<ConfidenceTally> tallies) {
        ShipmentModel tiny = forestModel(new int[] {~1}, 1, 2);
        return new ShipmentModel(CUSTOMER, tiny.forest(), tiny.choicesById(), TINY_PROVENANCE, FEATURES, NOW, 100,
                Optional.of(new ModelValidation(tallies)), AutoShipPolicy.ownEvidence(RULE));
    }

    private static byte[] withLong(byte[] original, int at, long value) {
        byte[] changed = original.clone();
        ByteBuffer.wrap(changed).putLong(at, value);
        return withChecksum(changed);
    }

    private static byte[] withInt(byte[] original, int at, int value) {
        byte[] changed = original.clone();
        ByteBuffer.wrap(changed).putInt(at, value);
        return withChecksum(changed);
    }

    private static byte[] withByte(byte[] original, int at, char value) {
        byte[] changed = original.clone();
        changed[at] = (byte) value;
        return withChecksum(changed);
    }

    private static byte[] withShort(byte[] original, int at, int value) {
        byte[] changed = original.clone();
        ByteBuffer.wrap(changed).putShort(at, (short) value);
        return withChecksum(changed);
    }

    private static byte[] withChecksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }
}
