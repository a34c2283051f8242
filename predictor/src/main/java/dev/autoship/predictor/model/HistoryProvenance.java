package dev.autoship.predictor.model;

import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.DateTimeProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.IntProvenance;
import com.oracle.labs.mlrg.olcut.provenance.primitives.StringProvenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.provenance.DataSourceProvenance;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Tribuo's record of where a customer's training set came from: the history store (e.g. the Elasticsearch
 * index), the customer, the window asked for and the number of shipments found in it.
 */
public final class HistoryProvenance implements DataSourceProvenance {

    static final String SOURCE = "source";
    static final String CUSTOMER = "customerId";
    static final String WINDOW_START = "windowStart";
    static final String WINDOW_END = "windowEnd";
    static final String EXAMPLES = "examples";

    private final String source;
    private final String customerId;
    private final Instant windowStart;
    private final Instant windowEnd;
    private final int examples;

    public HistoryProvenance(String source, String customerId, Instant windowStart, Instant windowEnd, int examples) {
        this.source = source;
        this.customerId = customerId;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.examples = examples;
    }

    public String source() {
        return source;
    }

    public String customerId() {
        return customerId;
    }

    public Instant windowStart() {
        return windowStart;
    }

    public Instant windowEnd() {
        return windowEnd;
    }

    public int examples() {
        return examples;
    }

    @Override
    public String getClassName() {
        return HistoryProvenance.class.getName();
    }

    @Override
    public Iterator<Pair<String, Provenance>> iterator() {
        return List.<Pair<String, Provenance>>of(
                new Pair<>(CLASS_NAME, new StringProvenance(CLASS_NAME, getClassName())),
                new Pair<>(SOURCE, new StringProvenance(SOURCE, source)),
                new Pair<>(CUSTOMER, new StringProvenance(CUSTOMER, customerId)),
                new Pair<>(WINDOW_START, new DateTimeProvenance(WINDOW_START, OffsetDateTime.ofInstant(windowStart, ZoneOffset.UTC))),
                new Pair<>(WINDOW_END, new DateTimeProvenance(WINDOW_END, OffsetDateTime.ofInstant(windowEnd, ZoneOffset.UTC))),
                new Pair<>(EXAMPLES, new IntProvenance(EXAMPLES, examples))).iterator();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HistoryProvenance that && examples == that.examples && source.equals(that.source)
                && customerId.equals(that.customerId) && windowStart.equals(that.windowStart)
                && windowEnd.equals(that.windowEnd);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, customerId, windowStart, windowEnd, examples);
    }

    @Override
    public String toString() {
        return generateString("DataSource");
    }
}
