package dev.autoship.predictor.tls;

import dev.autoship.testing.FreePort;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A real redis-server (the embedded-redis binary, built with TLS) serving TLS with a given server certificate. */
final class TlsRedisNode implements AutoCloseable {

    private final RedisServer server;
    private final int tlsPort;

    TlsRedisNode(TestCertificateAuthority.ServerCertificate certificate, Path directory) {
        this.tlsPort = FreePort.find();
        Path cert = certificate.writeCertificatePem(directory.resolve("redis-" + tlsPort + ".crt"));
        Path key = certificate.writeKeyPem(directory.resolve("redis-" + tlsPort + ".key"));
        try {
            this.server = RedisServer.newRedisServer()
                    .port(FreePort.find())
                    .bind("127.0.0.1")
                    .setting("tls-port " + tlsPort)
                    .setting("tls-cert-file " + cert)
                    .setting("tls-key-file " + key)
                    .setting("tls-auth-clients no")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url() {
        return "rediss://127.0.0.1:" + tlsPort + "/0";
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
