package dev.autoship.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's result: Markdown tables printed as they are measured and kept in
 * {@code bench.results/<benchmark>-<time>.md} (default target/bench-results).
 */
public final class Report {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final String benchmark;
    private final List<String> lines = new ArrayList<>();

    public Report(String benchmark) {
        this.benchmark = benchmark;
    }

    public void heading(String text) {
        print("");
        print("### " + text);
        print("");
    }

    public void note(String text) {
        print(text);
    }

    public void header(String... columns) {
        row(columns);
        print("|" + "---|".repeat(columns.length));
    }

    public void row(Object... cells) {
        StringBuilder line = new StringBuilder("|");
        for (Object cell : cells) {
            line.append(' ').append(cell instanceof Double d ? format(d) : String.valueOf(cell)).append(" |");
        }
        print(line.toString());
    }

    public static String format(double value) {
        if (value >= 100) {
            return String.format("%,.0f", value);
        }
        return value >= 10 ? String.format("%.1f", value) : String.format("%.2f", value);
    }

    public Path save() throws IOException {
        Path folder = Path.of(System.getProperty("bench.results", "target/bench-results"));
        Files.createDirectories(folder);
        Path file = folder.resolve(benchmark + "-" + STAMP.format(Instant.now()) + ".md");
        Files.write(file, lines);
        System.out.println("results written to " + file.toAbsolutePath());
        return file;
    }

    private void print(String line) {
        lines.add(line);
        System.out.println(line);
    }
}
