package dev.autoship.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.BindException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of the operator process. Configuration: environment variables only (operator/README.md). */
public final class OperatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        OperatorSettings settings;
        try {
            settings = OperatorSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            LOG.error("Invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        KubernetesClient client = new KubernetesClientBuilder().build();
        PredictorOperator operator = PredictorOperator.create(client, settings, registry, Clock.systemUTC());
        OperatorHttpServer http;
        try {
            http = new OperatorHttpServer(settings.httpPort(), operator::isLive, operator::isReady, registry);
        } catch (BindException e) {
            LOG.error("Cannot listen on port {} ({}): {}", settings.httpPort(), OperatorSettings.HTTP_PORT,
                    e.getMessage());
            client.close();
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping the operator");
            operator.stop();
            http.close();
            client.close();
            stopped.countDown();
        }, "shutdown"));
        LOG.info("Starting the autoship operator: namespaces={}, leaderElection={}, lease={}, httpPort={}",
                settings.watchNamespaces().isEmpty() ? "all" : settings.watchNamespaces(),
                settings.leaderElection(), settings.leaseName(), http.port());
        operator.start();
        stopped.await();
    }
}
