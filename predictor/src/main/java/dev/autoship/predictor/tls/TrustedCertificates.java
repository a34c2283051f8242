package dev.autoship.predictor.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The certificate authorities the predictor trusts for its outgoing TLS connections (https Elasticsearch,
 * rediss Redis): the JVM's own trust store plus, optionally, the CA certificates of a PEM bundle, e.g. a
 * private CA such as the one ECK or a company PKI signs its servers with.
 */
public final class TrustedCertificates {

    private final Optional<Path> bundle;
    private final List<X509Certificate> extra;
    private final SSLContext sslContext;

    private TrustedCertificates(Optional<Path> bundle, List<X509Certificate> extra) {
        this.bundle = bundle;
        this.extra = List.copyOf(extra);
        this.sslContext = buildContext(extra);
    }

    /** Only the JVM's trust store. */
    public static TrustedCertificates jvmDefault() {
        return new TrustedCertificates(Optional.empty(), List.of());
    }

    /**
     * The JVM's trust store plus every certificate of the PEM file.
     *
     * @throws IllegalArgumentException naming the problem when the file cannot be read or holds no certificate
     */
    public static TrustedCertificates withBundle(Path pemFile) {
        if (!Files.isRegularFile(pemFile) || !Files.isReadable(pemFile)) {
            throw new IllegalArgumentException("a readable PEM file, but " + pemFile + " is not a readable file");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(pemFile)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException("a PEM file of X.509 certificates, but " + pemFile
                    + " could not be read as one (" + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a PEM file of X.509 certificates, but " + pemFile
                    + " holds no certificate");
        }
        return new TrustedCertificates(Optional.of(pemFile), certificates);
    }

    /** TLS context for clients: trusts the JVM's authorities and the bundle's. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /**
     * Parameters that make a raw TLS socket check the server's name against its certificate, as HTTPS does
     * (a plain {@code SSLSocket} checks only the chain).
     */
    public static SSLParameters verifyingHostname() {
        SSLParameters parameters = new SSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        return parameters;
    }

    /** Certificates added to the JVM's trust store (empty without a bundle). */
    public List<X509Certificate> extraCertificates() {
        return extra;
    }

    /** For logs and error messages: what the predictor trusts. */
    public String describe() {
        return bundle.map(path -> "the JVM's trust store and " + extra.size() + " certificate(s) from " + path)
                .orElse("the JVM's trust store");
    }

    /**
     * A hint for operators when {@code failure} (or one of its causes) is a failed TLS handshake, which most
     * often means the server's certificate was signed by an authority the predictor does not trust.
     */
    public Optional<String> handshakeHint(Throwable failure, String variableName) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException) {
                return Optional.of("the TLS handshake failed (" + cause.getMessage() + "); the predictor trusts "
                        + describe() + ": if the server's certificate is signed by a private CA, point "
                        + variableName + " at a PEM file of that CA");
            }
        }
        return Optional.empty();
    }

    private static SSLContext buildContext(List<X509Certificate> extra) {
        try {
            if (extra.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int alias = 0;
            for (X509Certificate certificate : jvmTrustedIssuers()) {
                store.setCertificateEntry("jvm-" + alias++, certificate);
            }
            for (X509Certificate certificate : extra) {
                store.setCertificateEntry("bundle-" + alias++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up TLS trust in this JVM: " + e.getMessage(), e);
        }
    }

    /** The authorities the JVM trusts by default (its cacerts, or javax.net.ssl.trustStore when set). */
    private static List<X509Certificate> jvmTrustedIssuers() throws GeneralSecurityException {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        List<X509Certificate> issuers = new ArrayList<>();
        for (var manager : defaults.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                issuers.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return issuers;
    }
}
