package dev.autoship.predictor.model;

import dev.autoship.predictor.history.DemoDataSet;
import dev.autoship.predictor.history.DemoShipment;
import dev.autoship.predictor.history.Shipment;
import dev.autoship.predictor.history.ShipmentChoice;
import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.ShipTo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ShipmentModelTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String CUSTOMER = "demo-customer-03";

    private static List<Shipment> history;
    private static ShipmentModel model;
    private static ModelCodec codec;

    @BeforeAll
    static void train() {
        history = new DemoDataSet(NOW).shipments(CUSTOMER).stream().map(DemoShipment::shipment).toList();
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(Clock.fixed(NOW, ZoneOffset.UTC));
        model = trainer.train(CUSTOMER, history);
        codec = new ModelCodec(trainer.features());
    }

    @Test
    void predictsOnlyCombinationsTheCustomerUsedWithConfidenceBetweenZeroAndOne() {
        Set<ShipmentChoice> used = history.stream().map(Shipment::shipment).collect(Collectors.toSet());

        for (Shipment shipment : history.subList(0, 200)) {
            ShipmentPrediction prediction = model.predict(shipment.order(), NOW);
            assertThat(used).contains(prediction.shipment());
            assertThat(prediction.confidence()).isBetween(0.0, 1.0);
            assertThat(prediction.alternatives()).hasSizeLessThanOrEqualTo(ShipmentModel.MAX_ALTERNATIVES)
                    .allSatisfy(alternative -> {
                        assertThat(used).contains(alternative.shipment());
                        assertThat(alternative.shipment()).isNotEqualTo(prediction.shipment());
                        assertThat(alternative.confidence()).isBetween(0.0, prediction.confidence());
                    });
        }
    }

    @Test
    void learnsTheCustomersRulesWellAboveTheMajorityClass() {
        long right = history.subList(0, 300).stream()
                .filter(s -> model.predict(s.order(), s.shippedAt()).shipment().equals(s.shipment()))
                .count();
        long majority = history.stream().collect(Collectors.groupingBy(Shipment::shipment, Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElseThrow();

        assertThat(right / 300.0).isGreaterThan(0.85).isGreaterThan(majority / (double) history.size() + 0.2);
    }

    @Test
    void compactForestAnswersExactlyAsTribuoForEveryCustomer() {
        DemoDataSet data = new DemoDataSet(NOW);
        ShipmentModelTrainer trainer = ShipmentModelTrainer.standard(Clock.fixed(NOW, ZoneOffset.UTC));
        for (String customer : DemoDataSet.customerIds().subList(0, 6)) {
            List<Shipment> shipments = data.shipments(customer).stream().map(DemoShipment::shipment).toList();
            ShipmentModel trained = trainer.train(customer, shipments);
            ShipmentModel held = trained.compact();
            assertThat(held).isNotSameAs(trained);
            for (Shipment shipment : shipments) {
                ShipmentPrediction reference = trained.predictWithTribuo(shipment.order(), NOW);
                // equal records: same answer, alternatives in the same order, vote shares equal to the last bit
                assertThat(held.predict(shipment.order(), NOW)).isEqualTo(reference);
                assertThat(held.predict(shipment.order(), shipment.shippedAt()))
                        .isEqualTo(trained.predictWithTribuo(shipment.order(), shipment.shippedAt()));
            }
        }
    }

    @Test
    void compactedModelKeepsItsMetadataButCannotBeEncoded() {
        ShipmentModel held = model.compact();

        assertThat(held.trainer()).isEqualTo(model.trainer());
        assertThat(held.choices()).isEqualTo(model.choices());
        assertThat(held.trainedAt()).isEqualTo(model.trainedAt());
        assertThat(held.examples()).isEqualTo(model.examples());
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> codec.encode(held))
                .withMessageContaining("compacted");
    }

    @Test
    void orderWithOnlyUnknownCategoriesStillGetsAnAnswer() {
        Order strange = new Order("X-1", OptionalDouble.of(0), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.of(0), OptionalInt.of(1), Optional.of("a-store-never-seen"),
                Optional.of("teleport"), new ShipTo(Optional.of("ZZ"), Optional.of("nowhere"), Optional.of("?"), false));

        ShipmentPrediction prediction = model.predict(strange, NOW);

        assertThat(model.choices()).contains(prediction.shipment());
        assertThat(model.compact().predict(strange, NOW)).isEqualTo(model.predictWithTribuo(strange, NOW));
    }

    @Test
    void protobufRoundTripKeepsPredictionsAndMetadata() {
        ShipmentModel restored = codec.decode(CUSTOMER, codec.encode(model)).orElseThrow();

        assertThat(restored.trainedAt()).isEqualTo(NOW);
        assertThat(restored.examples()).isEqualTo(history.size());
        assertThat(restored.choices()).isEqualTo(model.choices());
        // a model read from a cache is answered from the compact form too (its provenance names the forest)
        assertThat(restored.compact()).isNotSameAs(restored);
        for (Shipment shipment : history.subList(0, 50)) {
            assertThat(restored.predict(shipment.order(), NOW)).isEqualTo(model.predict(shipment.order(), NOW));
        }
    }

    @Test
    void corruptForeignOrOtherCustomersBytesAreRefused() {
        byte[] bytes = codec.encode(model);
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        byte[] flipped = bytes.clone();
        for (int i = 10; i < flipped.length; i += 7) {
            flipped[i] ^= 0x5A;
        }

        assertThat(codec.decode(CUSTOMER, truncated)).isEmpty();
        assertThat(codec.decode(CUSTOMER, flipped)).isEmpty();
        assertThat(codec.decode(CUSTOMER, "not a model".getBytes())).isEmpty();
        assertThat(codec.decode(CUSTOMER, new byte[0])).isEmpty();
        assertThat(codec.decode("demo-customer-04", bytes)).isEmpty();
        assertThat(new ModelCodec(new OrderFeatures(false)).decode(CUSTOMER, bytes)).isEmpty();
    }
}
