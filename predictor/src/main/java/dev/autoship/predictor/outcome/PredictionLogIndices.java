package dev.autoship.predictor.outcome;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The daily indices of a prediction log named {@code base}: {@code <base>-yyyy.MM.dd} (UTC), matched by the
 * pattern {@code <base>-2*} (not {@code <base>-*}, which would also match another cluster's {@code <base>-eu-...}
 * and make their index templates overlap).
 */
record PredictionLogIndices(String base) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu.MM.dd").withZone(ZoneOffset.UTC);

    String daily(Instant at) {
        return base + "-" + DAY.format(at);
    }

    String pattern() {
        return base + "-2*";
    }

    String templateName() {
        return base + "-daily";
    }

    /** The component template operators may add to the predictor's (ILM policy, replicas); used when it exists. */
    String customTemplateName() {
        return base + "@custom";
    }

    /** The daily indices that can hold entries made from {@code since} to {@code until}, oldest first. */
    List<String> covering(Instant since, Instant until) {
        List<String> names = new ArrayList<>();
        for (LocalDate day = LocalDate.ofInstant(since, ZoneOffset.UTC); !day.isAfter(LocalDate.ofInstant(until, ZoneOffset.UTC));
             day = day.plusDays(1)) {
            names.add(base + "-" + DAY.format(day.atStartOfDay(ZoneOffset.UTC)));
        }
        return names;
    }

    /** The day a daily index of this log holds; empty for any other name. */
    Optional<LocalDate> dayOf(String index) {
        String prefix = base + "-";
        if (!index.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(index.substring(prefix.length()), DAY));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The daily indices among {@code indices} whose whole day lies more than {@code retention} before {@code now}. */
    List<String> expired(Collection<String> indices, Instant now, Duration retention) {
        Instant cutoff = now.minus(retention);
        return indices.stream()
                .filter(index -> dayOf(index)
                        .map(day -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(cutoff))
                        .orElse(false))
                .sorted()
                .toList();
    }
}
