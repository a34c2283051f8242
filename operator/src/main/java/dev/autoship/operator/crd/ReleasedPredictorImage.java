package dev.autoship.operator.crd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The predictor image released with this operator (written into defaults.properties by the build). */
public final class ReleasedPredictorImage {

    public static final String REFERENCE = load();

    private ReleasedPredictorImage() {
    }

    private static String load() {
        try (InputStream in = ReleasedPredictorImage.class
                .getResourceAsStream("/dev/autoship/operator/defaults.properties")) {
            if (in == null) {
                throw new IllegalStateException("defaults.properties missing from the operator jar");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("predictor.image");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
