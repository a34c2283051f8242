package dev.autoship.operator.dependent;

/** Facts about the predictor container the operator relies on: its contract (predictor/README.md). */
public final class PredictorContainer {

    public static final String NAME = "predictor";
    /** The public port: predictions, model metadata, /openapi. */
    public static final int PORT = 8080;
    public static final String PORT_NAME = "http";
    /** Health, metrics and the admin API, apart from the public port so a NetworkPolicy can keep them apart. */
    public static final int MANAGEMENT_PORT = 9090;
    public static final String MANAGEMENT_PORT_NAME = "management";
    public static final String LIVENESS_PATH = "/observe/health/live";
    public static final String READINESS_PATH = "/observe/health/ready";
    public static final String METRICS_PATH = "/observe/metrics";

    private PredictorContainer() {
    }
}
