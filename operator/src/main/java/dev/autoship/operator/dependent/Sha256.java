package dev.autoship.operator.dependent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests in hex, for the checksums and names the operator derives from content. */
public final class Sha256 {

    private final MessageDigest digest;

    private Sha256() {
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A digest to feed piece by piece. */
    public static Sha256 start() {
        return new Sha256();
    }

    /** The first {@code bytes} bytes of the digest of {@code text}, in hex. */
    public static String hex(String text, int bytes) {
        return start().add(text).hex(bytes);
    }

    public Sha256 add(String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The first {@code bytes} bytes of the digest, in hex (32 for all of it). */
    public String hex(int bytes) {
        return HexFormat.of().formatHex(digest.digest(), 0, bytes);
    }
}
