package dev.autoship.operator.dependent;

import dev.autoship.operator.crd.CaBundleSpec;
import dev.autoship.operator.crd.PredictorClusterSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.Optional;

/**
 * spec.tls.caBundle in the pod: the ConfigMap or Secret key mounted read-only as one PEM file, named to the
 * predictor by AUTOSHIP_TRUSTED_CA_FILE.
 */
final class TrustedCa {

    static final String VOLUME = "trusted-ca";
    static final String DIRECTORY = "/etc/autoship/trusted-ca";
    static final String FILE_NAME = "ca.pem";
    static final String FILE = DIRECTORY + "/" + FILE_NAME;
    /** 0444: readable by the non-root user, written by nobody. Stated because the API server would default 0644. */
    static final int MODE = 0444;

    private TrustedCa() {
    }

    static Optional<CaBundleSpec> of(PredictorClusterSpec spec) {
        return Optional.ofNullable(spec.tls()).map(tls -> tls.caBundle());
    }

    static Optional<Volume> volume(PredictorClusterSpec spec) {
        return of(spec).map(bundle -> {
            VolumeBuilder volume = new VolumeBuilder().withName(VOLUME);
            if (bundle.configMap() != null) {
                volume.withNewConfigMap().withName(bundle.configMap().name()).addNewItem()
                        .withKey(bundle.configMap().key()).withPath(FILE_NAME).endItem().withDefaultMode(MODE)
                        .withOptional(false).endConfigMap();
            } else {
                volume.withNewSecret().withSecretName(bundle.secret().name()).addNewItem()
                        .withKey(bundle.secret().key()).withPath(FILE_NAME).endItem().withDefaultMode(MODE)
                        .withOptional(false).endSecret();
            }
            return volume.build();
        });
    }

    static Optional<VolumeMount> mount(PredictorClusterSpec spec) {
        return of(spec).map(bundle -> new VolumeMountBuilder().withName(VOLUME).withMountPath(DIRECTORY)
                .withReadOnly(true).build());
    }
}
