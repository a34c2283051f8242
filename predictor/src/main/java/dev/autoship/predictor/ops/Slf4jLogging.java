package dev.autoship.predictor.ops;

import io.helidon.logging.common.spi.LoggingProvider;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Helidon's logging hook (found through the service loader): routes java.util.logging, which Helidon
 * and Tribuo log through, into SLF4J so every line comes out in the one configured format.
 */
public final class Slf4jLogging implements LoggingProvider {

    @Override
    public void initialization() {
        install();
    }

    @Override
    public void runTime() {
        install();
    }

    public static void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
