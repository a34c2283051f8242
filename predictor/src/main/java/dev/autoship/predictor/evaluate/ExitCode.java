package dev.autoship.predictor.evaluate;

/** Exit statuses of {@code evaluate}, one per way it can end (documented in predictor/README.md). */
public final class ExitCode {

    /** The table was printed. */
    public static final int OK = 0;
    /** An unexpected failure (the cause is printed). */
    public static final int FAILED = 1;
    /** A setting (environment variable) or an option is invalid, or Elasticsearch is not configured. */
    public static final int BAD_SETTING = 2;
    /** Elasticsearch cannot be reached or refuses the queries. */
    public static final int ELASTICSEARCH_UNAVAILABLE = 3;
    /** No customer has enough shipments in the window to be evaluated. */
    public static final int NO_CUSTOMER = 4;

    private ExitCode() {
    }
}
