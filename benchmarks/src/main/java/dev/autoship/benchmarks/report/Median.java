package dev.autoship.benchmarks.report;

import java.util.Collection;
import java.util.function.ToDoubleFunction;

/** Medians over repeated runs: on a shared 2-core machine one run says little. */
public final class Median {
    private Median() {
    }

    public static <T> double of(Collection<T> runs, ToDoubleFunction<T> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
