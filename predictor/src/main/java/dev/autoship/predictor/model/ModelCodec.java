package dev.autoship.predictor.model;

import dev.autoship.predictor.history.ShipmentChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * The stored form of a model ({@value #FORMAT_VERSION}): the compact forest's arrays, its labels and feature
 * names, the essentials of its Tribuo provenance (customer, feature set, trainer and configuration, training time,
 * history source and window, examples, library versions) and its validation tallies, followed by a CRC-32C of
 * everything before it. Reading checks the checksum, then every count against a cap and every
 * reference against what it points into before anything is built, so corrupt, truncated, foreign or
 * other-customer bytes are refused (and the model retrained), never trusted. No Java serialization.
 *
 * <pre>
 * "ASM4" · customerId · featureSignature · trainedAt (i64 s, i32 ns) · examples (i32)
 * · trainer · configuration (u16; name, value each) · source · windowStart, windowEnd (i64 s, i32 ns each)
 * · tribuoVersion · javaVersion
 * · validation tallies (u16, 0 = not validated; f64 confidence ascending, i32 answers, i32 right each)
 * · labels (u16; carrier, service, packaging each) · features (u16; names)
 * · values of absent features (u16, those not 0; u16 feature, f64 value each)
 * · category shares (u16; one-hot feature name, f64 share of the training set each) · thresholds (i32; f64 each)
 * · trees (u16) · nodes (i32; per node varint: 2·label for a leaf, 2·feature+1 then a varint threshold
 *   index for a split; trees one after another in pre-order) · CRC-32C (i32)
 * </pre>
 * Strings are u16 length + UTF-8; integers big-endian.
 */
public final class ModelCodec {

    /** Part of every shared-cache key: bump it whenever stored models become unreadable for this code. */
    public static final String FORMAT_VERSION = "m4";

    static final int MAX_STRING_BYTES = 1024;
    static final int MAX_LABELS = 4096;
    static final int MAX_FEATURES = 4096;
    static final int MAX_TREES = 1024;
    static final int MAX_NODES = 4_000_000;
    static final int MAX_DEPTH = 256;
    static final int MAX_CONFIGURATION = 64;
    static final int MAX_TALLIES = MAX_TREES + 1;

    private static final byte[] MAGIC = {'A', 'S', 'M', '4'};
    private static final Logger LOG = LoggerFactory.getLogger(ModelCodec.class);

    private final OrderFeatures features;
    private final AutoShipPolicy autoShip;

    /** A codec deriving auto-ship thresholds at AUTOSHIP_AUTO_SHIP_PRECISION's default. */
    public ModelCodec(OrderFeatures features) {
        this(features, ShipmentModelTrainer.standardAutoShip());
    }

    /** @param autoShip turns a stored validation into the auto-ship threshold of the configured target */
    public ModelCodec(OrderFeatures features, AutoShipRule autoShip) {
        this(features, AutoShipPolicy.ownEvidence(autoShip));
    }

    /** @param autoShip turns a stored validation, and the pool of the models held beside it, into the threshold */
    public ModelCodec(OrderFeatures features, AutoShipPolicy autoShip) {
        this.features = features;
        this.autoShip = autoShip;
    }

    public byte[] encode(ShipmentModel model) {
        CompactForest forest = model.forest();
        Writer out = new Writer(64 + forest.nodes() * 3);
        out.bytes(MAGIC);
        out.string(model.customerId());
        out.string(model.features().signature());
        out.instant(model.trainedAt());
        out.i32(model.examples());
        TrainingProvenance provenance = model.provenance();
        out.string(provenance.trainer());
        Map<String, String> configuration = provenance.sortedConfiguration();
        out.u16(configuration.size());
        configuration.forEach((name, value) -> {
            out.string(name);
            out.string(value);
        });
        out.string(provenance.source());
        out.instant(provenance.windowStart());
        out.instant(provenance.windowEnd());
        out.string(provenance.tribuoVersion());
        out.string(provenance.javaVersion());
        List<ConfidenceTally> tallies = model.validation().map(ModelValidation::tallies).orElse(List.of());
        out.u16(tallies.size());
        for (ConfidenceTally tally : tallies) {
            out.i64(Double.doubleToRawLongBits(tally.confidence()));
            out.i32(tally.answers());
            out.i32(tally.right());
        }
        ShipmentChoice[] choices = model.choicesById();
        out.u16(choices.length);
        for (ShipmentChoice choice : choices) {
            out.string(choice.carrier());
            out.string(choice.service());
            out.string(choice.packaging());
        }
        out.u16(forest.featureNames().length);
        for (String name : forest.featureNames()) {
            out.string(name);
        }
        int imputed = 0;
        for (int slot = 0; slot < forest.featureNames().length; slot++) {
            imputed += forest.whenAbsent(slot) != 0 ? 1 : 0;
        }
        out.u16(imputed);
        for (int slot = 0; slot < forest.featureNames().length; slot++) {
            if (forest.whenAbsent(slot) != 0) {
                out.u16(slot);
                out.i64(Double.doubleToRawLongBits(forest.whenAbsent(slot)));
            }
        }
        Map<String, Double> shares = new java.util.TreeMap<>(model.features().shares().byCategory());
        out.u16(shares.size());
        shares.forEach((name, share) -> {
            out.string(name);
            out.i64(Double.doubleToRawLongBits(share));
        });
        double[] thresholds = forest.threshold();
        int[] codes = forest.feature();
        Map<Double, Integer> thresholdIds = new HashMap<>();
        for (int node = 0; node < codes.length; node++) {
            if (codes[node] >= 0) {
                thresholdIds.putIfAbsent(thresholds[node], thresholdIds.size());
            }
        }
        double[] table = new double[thresholdIds.size()];
        thresholdIds.forEach((value, id) -> table[id] = value);
        out.i32(table.length);
        for (double value : table) {
            out.i64(Double.doubleToRawLongBits(value));
        }
        out.u16(forest.roots().length);
        out.i32(codes.length);
        for (int node = 0; node < codes.length; node++) {
            if (codes[node] >= 0) {
                out.varint(2 * codes[node] + 1);
                out.varint(thresholdIds.get(thresholds[node]));
            } else {
                out.varint(2 * ~codes[node]);
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(out.buffer(), 0, out.size());
        out.i32((int) crc.getValue());
        return out.toByteArray();
    }

    /** The model stored in {@code bytes}, or empty (logged) when the bytes are not a usable model for this customer. */
    public Optional<ShipmentModel> decode(String customerId, byte[] bytes) {
        try {
            return Optional.of(read(customerId, bytes));
        } catch (RefusedException e) {
            return refuse(customerId, e.getMessage());
        } catch (BufferUnderflowException e) {
            return refuse(customerId, "the bytes end too early");
        }
    }

    private ShipmentModel read(String customerId, byte[] bytes) {
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new RefusedException("they are not a model of format " + FORMAT_VERSION);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if ((int) crc.getValue() != in.getInt(bytes.length - 4)) {
            throw new RefusedException("their checksum does not match");
        }
        in.limit(bytes.length - 4).position(MAGIC.length);
        String customer = string(in, "customer id");
        if (!customer.equals(customerId)) {
            throw new RefusedException("they belong to another customer");
        }
        if (!string(in, "feature set").equals(features.signature())) {
            throw new RefusedException("the model was built on other features");
        }
        Instant trainedAt = instant(in, "training time");
        int examples = count(in.getInt(), Integer.MAX_VALUE, "examples");
        String trainer = string(in, "trainer");
        int settings = count(u16(in), MAX_CONFIGURATION, "configured values");
        Map<String, String> configuration = new HashMap<>();
        for (int i = 0; i < settings; i++) {
            if (configuration.put(string(in, "configuration name"), string(in, "configured value")) != null) {
                throw new RefusedException("configured value " + i + " repeats another");
            }
        }
        String source = string(in, "history source");
        Instant windowStart = instant(in, "window start");
        Instant windowEnd = instant(in, "window end");
        TrainingProvenance provenance = new TrainingProvenance(trainer, configuration, source, customerId, windowStart,
                windowEnd, examples, string(in, "Tribuo version"), string(in, "Java version"));
        Optional<ModelValidation> validation = validation(in, examples);
        int labelCount = count(u16(in), MAX_LABELS, "labels");
        if (labelCount == 0) {
            throw new RefusedException("the model has no labels");
        }
        ShipmentChoice[] choices = new ShipmentChoice[labelCount];
        Set<ShipmentChoice> distinct = new HashSet<>();
        for (int i = 0; i < labelCount; i++) {
            choices[i] = new ShipmentChoice(string(in, "carrier"), string(in, "service"), string(in, "packaging"));
            if (!distinct.add(choices[i])) {
                throw new RefusedException("label " + i + " repeats another");
            }
        }
        int featureCount = count(u16(in), MAX_FEATURES, "features");
        String[] names = new String[featureCount];
        Set<String> distinctNames = new HashSet<>();
        for (int i = 0; i < featureCount; i++) {
            names[i] = string(in, "feature name");
            if (!distinctNames.add(names[i])) {
                throw new RefusedException("feature " + i + " repeats another");
            }
        }
        double[] whenAbsent = whenAbsent(in, featureCount);
        CategoryShares shares = shares(in);
        int thresholdCount = count(in.getInt(), Math.min(MAX_NODES, in.remaining() / 8), "thresholds");
        double[] table = new double[thresholdCount];
        for (int i = 0; i < thresholdCount; i++) {
            table[i] = Double.longBitsToDouble(in.getLong());
            if (Double.isNaN(table[i])) {
                throw new RefusedException("threshold " + i + " is not a number");
            }
        }
        int treeCount = count(u16(in), MAX_TREES, "trees");
        if (treeCount == 0) {
            throw new RefusedException("the model has no trees");
        }
        // every node takes at least one byte, so a count beyond the bytes left is a lie
        int nodeCount = count(in.getInt(), Math.min(MAX_NODES, in.remaining()), "nodes");
        int[] roots = new int[treeCount];
        int[] codes = new int[nodeCount];
        double[] thresholds = new double[nodeCount];
        int[] greater = new int[nodeCount];
        Arrays.fill(greater, -1);
        // splits whose "greater" child has not come yet: the next node after a finished subtree is the innermost's
        int[] awaitingGreater = new int[MAX_DEPTH];
        int node = 0;
        for (int tree = 0; tree < treeCount; tree++) {
            roots[tree] = node;
            int open = 0;
            int greaterOf = -1;
            boolean done = false;
            while (!done) {
                if (node >= nodeCount) {
                    throw new RefusedException("tree " + tree + " is cut off");
                }
                if (greaterOf >= 0) {
                    greater[greaterOf] = node;
                }
                int code = varint(in);
                if ((code & 1) == 1) {
                    int slot = code >>> 1;
                    if (slot >= featureCount) {
                        throw new RefusedException("node " + node + " splits on feature " + slot + " of " + featureCount);
                    }
                    int threshold = varint(in);
                    if (threshold >= thresholdCount) {
                        throw new RefusedException("node " + node + " uses threshold " + threshold + " of " + thresholdCount);
                    }
                    if (open == MAX_DEPTH) {
                        throw new RefusedException("tree " + tree + " is deeper than " + MAX_DEPTH);
                    }
                    codes[node] = slot;
                    thresholds[node] = table[threshold];
                    awaitingGreater[open++] = node;
                    greaterOf = -1;
                } else {
                    int label = code >>> 1;
                    if (label >= labelCount) {
                        throw new RefusedException("node " + node + " votes for label " + label + " of " + labelCount);
                    }
                    codes[node] = ~label;
                    done = open == 0;
                    greaterOf = done ? -1 : awaitingGreater[--open];
                }
                node++;
            }
        }
        if (node != nodeCount) {
            throw new RefusedException("the trees use " + node + " of " + nodeCount + " nodes");
        }
        if (in.hasRemaining()) {
            throw new RefusedException("there are " + in.remaining() + " bytes after the trees");
        }
        return new ShipmentModel(customerId, new CompactForest(names, whenAbsent, roots, codes, thresholds, greater, labelCount),
                choices, provenance, features.withShares(shares), trainedAt, examples, validation, autoShip);
    }

    private CategoryShares shares(ByteBuffer in) {
        int count = count(u16(in), MAX_FEATURES, "category shares");
        if (count > 0 && !features.withShares()) {
            throw new RefusedException("the model has category shares its features do not use");
        }
        Map<String, Double> shares = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = string(in, "category");
            double share = Double.longBitsToDouble(in.getLong());
            if (!OrderFeatures.isCategory(name)) {
                throw new RefusedException("category share " + i + " is not of a categorical feature");
            }
            if (!(share > 0 && share <= 1)) {
                throw new RefusedException("category share " + i + " is not a share");
            }
            if (shares.put(name, share) != null) {
                throw new RefusedException("category share " + i + " repeats another");
            }
        }
        return new CategoryShares(shares);
    }

    private static double[] whenAbsent(ByteBuffer in, int featureCount) {
        int count = count(u16(in), featureCount, "values of absent features");
        double[] whenAbsent = new double[featureCount];
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int slot = u16(in);
            double value = Double.longBitsToDouble(in.getLong());
            if (slot <= previous || slot >= featureCount) {
                throw new RefusedException("value of absent feature " + i + " names feature " + slot + " out of order or range");
            }
            if (!Double.isFinite(value) || value == 0) {
                throw new RefusedException("value of absent feature " + i + " is " + value);
            }
            whenAbsent[slot] = value;
            previous = slot;
        }
        return whenAbsent;
    }

    private static Optional<ModelValidation> validation(ByteBuffer in, int examples) {
        int count = count(u16(in), MAX_TALLIES, "validation tallies");
        if (count == 0) {
            return Optional.empty();
        }
        List<ConfidenceTally> tallies = new ArrayList<>(count);
        long answers = 0;
        double previous = -1;
        for (int i = 0; i < count; i++) {
            double confidence = Double.longBitsToDouble(in.getLong());
            int asked = in.getInt();
            int right = in.getInt();
            if (!(confidence >= 0 && confidence <= 1) || confidence <= previous) {
                throw new RefusedException("validation tally " + i + " has a confidence out of order or range");
            }
            if (asked < 1 || right < 0 || right > asked) {
                throw new RefusedException("validation tally " + i + " counts " + right + " right of " + asked);
            }
            answers += asked;
            previous = confidence;
            tallies.add(new ConfidenceTally(confidence, asked, right));
        }
        if (answers > examples) {
            throw new RefusedException("the validation has more answers (" + answers + ") than the model examples");
        }
        return Optional.of(new ModelValidation(tallies));
    }

    private static Instant instant(ByteBuffer in, String what) {
        long seconds = in.getLong();
        int nanos = in.getInt();
        if (nanos < 0 || nanos > 999_999_999 || seconds < 0 || seconds > Instant.MAX.getEpochSecond()) {
            throw new RefusedException("the " + what + " is out of range");
        }
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static int u16(ByteBuffer in) {
        return Short.toUnsignedInt(in.getShort());
    }

    private static int count(int value, int cap, String what) {
        if (value < 0 || value > cap) {
            throw new RefusedException("the number of " + what + " (" + value + ") is outside 0.." + cap);
        }
        return value;
    }

    private static int varint(ByteBuffer in) {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = in.get();
            value |= (b & 0x7f) << shift;
            if (b >= 0) {
                if (value < 0) {
                    throw new RefusedException("a number is out of range");
                }
                return value;
            }
        }
        throw new RefusedException("a number is longer than 5 bytes");
    }

    private static String string(ByteBuffer in, String what) {
        int length = u16(in);
        if (length > MAX_STRING_BYTES) {
            throw new RefusedException("the " + what + " is longer than " + MAX_STRING_BYTES + " bytes");
        }
        ByteBuffer slice = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new RefusedException("the " + what + " is not UTF-8");
        }
    }

    private static Optional<ShipmentModel> refuse(String customerId, String why) {
        LOG.warn("Ignoring stored model bytes for customer '{}' because {}; it will be retrained", customerId, why);
        return Optional.empty();
    }

    private static final class RefusedException extends RuntimeException {
        RefusedException(String why) {
            super(why, null, false, false);
        }
    }

    private static final class Writer extends ByteArrayOutputStream {
        Writer(int size) {
            super(size);
        }

        byte[] buffer() {
            return buf;
        }

        void bytes(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }

        void u16(int value) {
            if (value > 0xffff) {
                throw new IllegalArgumentException("too many entries for the stored form: " + value);
            }
            write(value >>> 8);
            write(value);
        }

        void i32(int value) {
            write(value >>> 24);
            write(value >>> 16);
            write(value >>> 8);
            write(value);
        }

        void i64(long value) {
            i32((int) (value >>> 32));
            i32((int) value);
        }

        void instant(Instant instant) {
            i64(instant.getEpochSecond());
            i32(instant.getNano());
        }

        void varint(int value) {
            while ((value & ~0x7f) != 0) {
                write((value & 0x7f) | 0x80);
                value >>>= 7;
            }
            write(value);
        }

        void string(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            if (utf8.length > MAX_STRING_BYTES) {
                throw new IllegalArgumentException("text too long for the stored form: " + text.length() + " characters");
            }
            u16(utf8.length);
            bytes(utf8);
        }
    }
}
