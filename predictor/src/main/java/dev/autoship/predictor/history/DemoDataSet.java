package dev.autoship.predictor.history;

import dev.autoship.predictor.order.Order;
import dev.autoship.predictor.order.ShipTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * A deterministic, generated shipment history with the structure real shipping histories have: each
 * customer follows a decision list over destination, requested service, store, weight, size, value and
 * residential delivery, changed one policy some weeks ago, and a share of labels is noise. The same
 * customer id and anchor instant always give the same shipments.
 */
public final class DemoDataSet {

    /** Customers {@code demo-customer-01..30} have hundreds of shipments; 31 and 32 have too few to train. */
    public static final int CUSTOMER_COUNT = 32;
    public static final double NOISE_RATE = 0.05;
    static final Duration SPAN = Duration.ofDays(120);

    private static final List<String> STORES = List.of("web", "amazon", "ebay", "wholesale", "retail");
    private static final List<String> COUNTRIES_ABROAD = List.of("CA", "GB", "DE", "AU", "MX");
    // state, first digit of its ZIP codes, relative weight
    private static final List<Object[]> STATES = List.of(
            new Object[]{"NY", "1", 12}, new Object[]{"PA", "1", 7}, new Object[]{"GA", "3", 7},
            new Object[]{"FL", "3", 10}, new Object[]{"OH", "4", 6}, new Object[]{"IL", "6", 8},
            new Object[]{"TX", "7", 12}, new Object[]{"CO", "8", 5}, new Object[]{"CA", "9", 16},
            new Object[]{"WA", "9", 6}, new Object[]{"AK", "9", 1}, new Object[]{"HI", "9", 1});
    private static final int STATE_WEIGHT_TOTAL = STATES.stream().mapToInt(s -> (int) s[2]).sum();

    private final Instant anchor;
    private final double noiseRate;
    private final Map<String, List<DemoShipment>> generated = new ConcurrentHashMap<>();

    /** @param anchor the newest possible shipping time; shipments reach back {@link #SPAN} from it */
    public DemoDataSet(Instant anchor) {
        this(anchor, NOISE_RATE);
    }

    public DemoDataSet(Instant anchor, double noiseRate) {
        this.anchor = anchor;
        this.noiseRate = noiseRate;
    }

    public static List<String> customerIds() {
        return IntStream.rangeClosed(1, CUSTOMER_COUNT).mapToObj(DemoDataSet::customerId).toList();
    }

    public static String customerId(int number) {
        return "demo-customer-%02d".formatted(number);
    }

    /** All generated shipments of a customer, newest first; empty for ids this data set does not know. */
    public List<DemoShipment> shipments(String customerId) {
        return generated.computeIfAbsent(customerId, this::generate);
    }

    /** Generates {@code count} shipments for any customer id (used for evaluations on larger histories). */
    public List<DemoShipment> generate(String customerId, int count) {
        Random random = new Random(customerId.hashCode() * 31L + 7);
        Profile profile = Profile.draw(random);
        List<DemoShipment> shipments = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            shipments.add(shipment(customerId, i, profile, random));
        }
        shipments.sort(Comparator.comparing((DemoShipment s) -> s.shipment().shippedAt()).reversed());
        return List.copyOf(shipments);
    }

    private List<DemoShipment> generate(String customerId) {
        int number = customerIds().indexOf(customerId) + 1;
        if (number == 0) {
            return List.of();
        }
        int count = switch (number) {
            case CUSTOMER_COUNT - 1 -> 12;
            case CUSTOMER_COUNT -> 4;
            default -> 250 + new Random(number).nextInt(1000);
        };
        return generate(customerId, count);
    }

    private record Profile(boolean primaryUps, List<String> stores, double abroadShare, double residentialShare,
                           double typicalWeightOz, Duration policyChangeAgo) {

        static Profile draw(Random random) {
            List<String> stores = new ArrayList<>(List.of("web"));
            for (String store : STORES.subList(1, STORES.size())) {
                if (random.nextDouble() < 0.4) {
                    stores.add(store);
                }
            }
            return new Profile(random.nextBoolean(), List.copyOf(stores), 0.03 + random.nextDouble() * 0.12,
                    0.5 + random.nextDouble() * 0.4, 6 + random.nextDouble() * 40,
                    Duration.ofDays(15 + random.nextInt(45)));
        }
    }

    private DemoShipment shipment(String customerId, int index, Profile profile, Random random) {
        Instant shippedAt = anchor.minusSeconds((long) (random.nextDouble() * SPAN.toSeconds()));
        String store = profile.stores().get(random.nextInt(profile.stores().size()));
        double weight = profile.typicalWeightOz() * Math.exp(random.nextGaussian() * 0.8)
                * (store.equals("wholesale") ? 12 : 1);
        weight = Math.round(Math.min(Math.max(weight, 0.5), 4000) * 10) / 10.0;
        int itemCount = 1 + (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.5);
        double orderTotal = Math.round((weight * (0.4 + random.nextDouble() * 1.6) + 5 * itemCount) * 100) / 100.0;
        boolean withDimensions = random.nextDouble() < 0.85;
        double side = Math.cbrt(weight * 6);
        double length = round1(side * (1 + random.nextDouble() * 0.8));
        double width = round1(side * (0.6 + random.nextDouble() * 0.4));
        double height = round1(side * (0.3 + random.nextDouble() * 0.5));
        double serviceDraw = random.nextDouble();
        Optional<String> requested = serviceDraw < 0.02 ? Optional.empty()
                : Optional.of(serviceDraw < 0.80 ? "standard" : serviceDraw < 0.94 ? "two_day" : "overnight");
        ShipTo shipTo = destination(profile, random);
        Order order = new Order("%s-%05d".formatted(customerId, index), OptionalDouble.of(weight),
                withDimensions ? OptionalDouble.of(length) : OptionalDouble.empty(),
                withDimensions ? OptionalDouble.of(width) : OptionalDouble.empty(),
                withDimensions ? OptionalDouble.of(height) : OptionalDouble.empty(),
                OptionalDouble.of(orderTotal), OptionalInt.of(itemCount), Optional.of(store), requested, shipTo);
        boolean afterPolicyChange = shippedAt.isAfter(anchor.minus(profile.policyChangeAgo()));
        ShipmentChoice rule = rule(profile, order, length, width, height, afterPolicyChange);
        ShipmentChoice recorded = random.nextDouble() < noiseRate ? noise(profile, random) : rule;
        return new DemoShipment(new Shipment(customerId, shippedAt, order, recorded), rule);
    }

    private static ShipTo destination(Profile profile, Random random) {
        boolean residential = random.nextDouble() < profile.residentialShare();
        if (random.nextDouble() < profile.abroadShare()) {
            return new ShipTo(Optional.of(COUNTRIES_ABROAD.get(random.nextInt(COUNTRIES_ABROAD.size()))), Optional.empty(),
                    Optional.empty(), residential);
        }
        int draw = random.nextInt(STATE_WEIGHT_TOTAL);
        for (Object[] state : STATES) {
            draw -= (int) state[2];
            if (draw < 0) {
                String zip = state[1] + "%04d".formatted(random.nextInt(10_000));
                return new ShipTo(Optional.of("US"), Optional.of((String) state[0]), Optional.of(zip), residential);
            }
        }
        throw new IllegalStateException("state weights do not add up");
    }

    private static final ShipmentChoice DHL_EXPRESS = new ShipmentChoice("DHL", "Express Worldwide", "box");
    private static final ShipmentChoice USPS_PRIORITY_INTL =
            new ShipmentChoice("USPS", "Priority Mail International", "package");
    private static final ShipmentChoice USPS_PRIORITY = new ShipmentChoice("USPS", "Priority Mail", "package");
    private static final ShipmentChoice USPS_FLAT_ENVELOPE =
            new ShipmentChoice("USPS", "Priority Mail", "flat rate envelope");
    private static final ShipmentChoice USPS_FIRST_CLASS = new ShipmentChoice("USPS", "First-Class Package", "poly mailer");
    private static final ShipmentChoice USPS_GROUND_ADVANTAGE =
            new ShipmentChoice("USPS", "Ground Advantage", "poly mailer");
    private static final ShipmentChoice AMAZON_GROUND = new ShipmentChoice("Amazon", "Shipping Ground", "box");
    private static final ShipmentChoice FREIGHT = new ShipmentChoice("XPO", "LTL Standard", "pallet");

    private record CarrierServices(ShipmentChoice intlPremium, ShipmentChoice overnight, ShipmentChoice twoDay,
                                   ShipmentChoice threeDay, ShipmentChoice oversize, ShipmentChoice commercialGround,
                                   ShipmentChoice residentialGround) {
    }

    private static final CarrierServices UPS = new CarrierServices(
            new ShipmentChoice("UPS", "Worldwide Expedited", "box"),
            new ShipmentChoice("UPS", "Next Day Air", "box"),
            new ShipmentChoice("UPS", "2nd Day Air", "box"),
            new ShipmentChoice("UPS", "3 Day Select", "box"),
            new ShipmentChoice("UPS", "Ground", "oversize box"),
            new ShipmentChoice("UPS", "Ground", "box"),
            new ShipmentChoice("UPS", "Ground", "box"));
    private static final CarrierServices FEDEX = new CarrierServices(
            new ShipmentChoice("FedEx", "International Priority", "box"),
            new ShipmentChoice("FedEx", "Priority Overnight", "box"),
            new ShipmentChoice("FedEx", "2Day", "box"),
            new ShipmentChoice("FedEx", "Express Saver", "box"),
            new ShipmentChoice("FedEx", "Ground", "oversize box"),
            new ShipmentChoice("FedEx", "Ground", "box"),
            new ShipmentChoice("FedEx", "Home Delivery", "box"));

    private static ShipmentChoice rule(Profile profile, Order order, double length, double width, double height,
                                       boolean afterPolicyChange) {
        CarrierServices carrier = profile.primaryUps() ? UPS : FEDEX;
        ShipTo to = order.shipTo();
        String store = order.store().orElse("web");
        String service = order.requestedService().orElse("standard");
        double weightOz = order.weightOz().orElseThrow();
        double orderTotal = order.orderTotal().orElseThrow();
        double longest = Math.max(length, Math.max(width, height));
        double girth = longest + 2 * (length + width + height - longest);
        if (!to.country().orElseThrow().equals("US")) {
            return weightOz > 64 ? DHL_EXPRESS
                    : orderTotal > 200 ? carrier.intlPremium() : USPS_PRIORITY_INTL;
        }
        if (service.equals("overnight")) {
            return carrier.overnight();
        }
        if (service.equals("two_day")) {
            return carrier.twoDay();
        }
        if (store.equals("wholesale")) {
            return weightOz > 1600 ? FREIGHT : carrier.commercialGround();
        }
        if (Set.of("AK", "HI").contains(to.state().orElse(""))) {
            return USPS_PRIORITY;
        }
        if (store.equals("amazon") && to.residential() && weightOz <= 48) {
            return AMAZON_GROUND;
        }
        if (weightOz < 16 && longest <= 12) {
            if (!to.residential()) {
                return USPS_FLAT_ENVELOPE;
            }
            return afterPolicyChange ? USPS_GROUND_ADVANTAGE : USPS_FIRST_CLASS;
        }
        if (longest > 30 || girth > 108) {
            return carrier.oversize();
        }
        if (orderTotal > 300) {
            return carrier.threeDay();
        }
        return to.residential() ? carrier.residentialGround() : carrier.commercialGround();
    }

    private static ShipmentChoice noise(Profile profile, Random random) {
        CarrierServices carrier = profile.primaryUps() ? UPS : FEDEX;
        List<ShipmentChoice> plausible = List.of(carrier.commercialGround(), carrier.residentialGround(),
                carrier.twoDay(), carrier.threeDay(), USPS_PRIORITY, USPS_GROUND_ADVANTAGE, USPS_FIRST_CLASS);
        return plausible.get(random.nextInt(plausible.size()));
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
