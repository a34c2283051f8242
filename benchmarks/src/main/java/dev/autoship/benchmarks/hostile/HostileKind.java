package dev.autoship.benchmarks.hostile;

/** How a hostile client holds its connection without ever completing a request. */
enum HostileKind {
    /** connects and never sends a byte */
    SILENT,
    /** sends a partial request head, then one more header line every second, never the blank line that ends it */
    SLOWLORIS
}
