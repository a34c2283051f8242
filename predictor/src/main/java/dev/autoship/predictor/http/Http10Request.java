package dev.autoship.predictor.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Lets the HTTP/1.1 server answer an HTTP/1.0 request (health checkers and load balancers still send them):
 * the request head is rewritten to HTTP/1.1 with {@code Connection: close} (HTTP/1.0 has no persistent connections
 * by default) and a {@code Host} header when it has none (optional in 1.0, required in 1.1). The answer is a
 * complete HTTP/1.1 response with a Content-Length, which HTTP/1.0 clients read (RFC 9110 §6.2), and the
 * connection is closed after it.
 */
final class Http10Request {

    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private Http10Request() {
    }

    /** Index of the first line feed, or -1. */
    static int endOfFirstLine(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    static boolean isHttp10(byte[] bytes, int endOfFirstLine) {
        String line = new String(bytes, 0, endOfFirstLine, StandardCharsets.ISO_8859_1).stripTrailing();
        return line.endsWith(" HTTP/1.0");
    }

    /** Index just past the blank line ending the head, or -1 while it is incomplete. */
    static int endOfHead(byte[] bytes, int length) {
        outer:
        for (int i = 0; i + END_OF_HEAD.length <= length; i++) {
            for (int j = 0; j < END_OF_HEAD.length; j++) {
                if (bytes[i + j] != END_OF_HEAD[j]) {
                    continue outer;
                }
            }
            return i + END_OF_HEAD.length;
        }
        return -1;
    }

    /**
     * @param head        the request's bytes, at least up to the end of its head
     * @param headLength  where the head ends (from {@link #endOfHead})
     * @param defaultHost the Host to add when the request has none
     * @return the same request as HTTP/1.1, followed by any bytes after the head unchanged
     */
    static byte[] asHttp11(byte[] head, int headLength, int totalLength, String defaultHost) {
        String text = new String(head, 0, headLength, StandardCharsets.ISO_8859_1);
        int firstLineEnd = text.indexOf("\r\n");
        String requestLine = text.substring(0, firstLineEnd);
        String headers = text.substring(firstLineEnd + 2);
        boolean hasHost = headers.toLowerCase(Locale.ROOT).startsWith("host:")
                || headers.toLowerCase(Locale.ROOT).contains("\r\nhost:");
        String rewritten = requestLine.substring(0, requestLine.length() - "1.0".length()) + "1.1\r\n"
                + "Connection: close\r\n"
                + (hasHost ? "" : "Host: " + defaultHost + "\r\n")
                + headers;
        byte[] start = rewritten.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[start.length + totalLength - headLength];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(head, headLength, all, start.length, totalLength - headLength);
        return all;
    }
}
