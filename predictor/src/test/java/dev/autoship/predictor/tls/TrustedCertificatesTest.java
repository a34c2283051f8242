package dev.autoship.predictor.tls;

import dev.autoship.predictor.config.InvalidSettingException;
import dev.autoship.predictor.config.PredictorSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedCertificatesTest {

    @TempDir
    Path directory;

    @Test
    void aBundleAddsItsCertificatesToTheJvmTrustStore() throws Exception {
        Path pem = new TestCertificateAuthority("bundle-ca").writeCertificatePem(directory);
        TrustedCertificates trust = TrustedCertificates.withBundle(pem);
        assertThat(trust.extraCertificates()).singleElement()
                .satisfies(certificate -> assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=bundle-ca"));
        assertThat(trust.sslContext()).isNotSameAs(SSLContext.getDefault());
        assertThat(trust.describe()).contains("1 certificate(s) from " + pem);
    }

    @Test
    void withoutABundleTheJvmDefaultContextIsUsed() throws Exception {
        assertThat(TrustedCertificates.jvmDefault().sslContext()).isSameAs(SSLContext.getDefault());
    }

    @Test
    void aMissingFileStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_TRUSTED_CA_FILE",
                directory.resolve("absent.pem").toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("AUTOSHIP_TRUSTED_CA_FILE must be a readable PEM file")
                .hasMessageContaining("absent.pem");
    }

    @Test
    void aFileWithoutCertificatesStopsTheStartNamingTheVariable() throws IOException {
        Path notPem = Files.writeString(directory.resolve("not.pem"), "this is not a certificate\n");
        assertThatThrownBy(() -> PredictorSettings.from(Map.of("AUTOSHIP_TRUSTED_CA_FILE", notPem.toString())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("AUTOSHIP_TRUSTED_CA_FILE must be a PEM file of X.509 certificates");
    }

    @Test
    void theBundleIsUsedByBothBackends() {
        Path pem = new TestCertificateAuthority("shared-ca").writeCertificatePem(directory);
        PredictorSettings settings = PredictorSettings.from(Map.of(
                "AUTOSHIP_TRUSTED_CA_FILE", pem.toString(),
                "AUTOSHIP_ELASTICSEARCH_URL", "https://es.example:9200",
                "AUTOSHIP_REDIS_URL", "rediss://redis.example:6380/0"));
        assertThat(settings.elasticsearch().orElseThrow().trust().extraCertificates()).hasSize(1);
        assertThat(settings.redis().orElseThrow().trust()).isSameAs(settings.elasticsearch().orElseThrow().trust());
    }

    @Test
    void aFailedHandshakeDeepInTheCausesGetsAHintNamingTheVariable() {
        Exception failure = new IllegalStateException("request failed",
                new IOException("connection", new SSLHandshakeException("PKIX path building failed")));
        assertThat(TrustedCertificates.jvmDefault().handshakeHint(failure, "AUTOSHIP_TRUSTED_CA_FILE"))
                .hasValueSatisfying(hint -> assertThat(hint)
                        .contains("PKIX path building failed")
                        .contains("point AUTOSHIP_TRUSTED_CA_FILE at a PEM file"));
        assertThat(TrustedCertificates.jvmDefault().handshakeHint(new IOException("refused"), "X")).isEmpty();
    }
}
