package dev.autoship.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.autoship.operator.crd.PredictorCluster;
import dev.autoship.testing.ChildJvm;
import dev.autoship.testing.ImageTarball;
import dev.autoship.testing.FreePort;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator image as Jib builds it (a copy on an empty base, made at pre-integration-test,
 * because no base image can be pulled here): named as the parent pom says, non-root, and its
 * entrypoint — run on this JDK in place of the base image's JRE — reconciles against the mock API server.
 */
class OperatorImageIT {

    @TempDir
    static Path workDir;
    private static ImageTarball image;

    @BeforeAll
    static void unpackImage() throws IOException {
        image = ImageTarball.unpackBuiltImage(workDir.resolve("image"));
    }

    @Test
    void imageIsNamedAsTheParentPomDefinesAndRunsAsNonRoot() {
        assertThat(image.repoTag()).isEqualTo(System.getProperty("expected.image"));
        assertThat(image.user()).matches("\\d+:\\d+").doesNotStartWith("0:");
        assertThat(image.labels())
                .containsEntry("org.opencontainers.image.version", System.getProperty("expected.version"))
                .containsKeys("org.opencontainers.image.source", "org.opencontainers.image.revision");
        assertThat(image.entrypoint()).contains("-XX:MaxRAMPercentage=75.0", OperatorMain.class.getName());
    }

    @Test
    void entrypointBecomesReadyAndReconcilesAPredictorCluster() throws Exception {
        try (MockApiServer api = new MockApiServer()) {
            var client = api.client();
            for (String ns : new String[] {"autoship-system", "shop"}) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata()
                        .build()).create();
            }
            int port = FreePort.find();
            ProcessBuilder builder = new ProcessBuilder(image.entrypointOnThisJdk())
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("operator.log").toFile());
            builder.environment().clear();
            builder.environment().put("KUBERNETES_MASTER", api.url());
            builder.environment().put("HOSTNAME", "operator-image-0");
            builder.environment().put("AUTOSHIP_OPERATOR_NAMESPACE", "autoship-system");
            builder.environment().put("AUTOSHIP_OPERATOR_WATCH_NAMESPACES", "shop");
            builder.environment().put("AUTOSHIP_OPERATOR_HTTP_PORT", Integer.toString(port));
            Process operator = builder.start();
            try {
                await().atMost(Duration.ofSeconds(60)).failFast("operator from the image exited", () -> !operator.isAlive())
                        .untilAsserted(() -> assertThat(ChildJvm.status(port, "/health/ready")).isEqualTo(200));

                PredictorCluster cluster = new PredictorCluster();
                cluster.getMetadata().setName("from-image");
                cluster.getMetadata().setNamespace("shop");
                cluster.setSpec(new SpecBuilder().build());
                client.resource(cluster).create();

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    Deployment deployment = client.resources(Deployment.class).inNamespace("shop").withName("from-image").get();
                    assertThat(deployment).isNotNull();
                    // with no image in the spec, the operator's default is the predictor image this build names
                    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                            .isEqualTo(System.getProperty("expected.predictor.image"));
                });
            } finally {
                operator.destroy();
                if (!operator.waitFor(30, TimeUnit.SECONDS)) {
                    operator.destroyForcibly();
                }
            }
        }
    }
}
