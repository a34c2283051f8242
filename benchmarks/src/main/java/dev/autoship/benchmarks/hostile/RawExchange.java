package dev.autoship.benchmarks.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 request on a fresh socket with one deadline for connecting, sending and reading the whole answer:
 * what a probe (kubelet, load balancer) sees, without a client library's pooling or retries to hide it.
 */
final class RawExchange {
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private RawExchange() {
    }

    static byte[] get(String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] post(String path, byte[] json) {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + json.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(json, 0, request, head.length, json.length);
        return request;
    }

    /** Sends {@code request} and reads the answer within {@code timeout}; latency counts from {@code sentAtNanos}. */
    static ProbeAnswer exchange(InetSocketAddress address, byte[] request, Duration timeout, long sentAtNanos) {
        long deadline = sentAtNanos + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(address, remainingMillis(deadline));
            socket.getOutputStream().write(request);
            int status = readAnswer(socket, deadline);
            return new ProbeAnswer(sentAtNanos, System.nanoTime() - sentAtNanos, status, status == 0 ? "no status line" : "");
        } catch (SocketTimeoutException e) {
            return new ProbeAnswer(sentAtNanos, System.nanoTime() - sentAtNanos, 0, "timeout");
        } catch (IOException e) {
            return new ProbeAnswer(sentAtNanos, System.nanoTime() - sentAtNanos, 0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Reads the head and a Content-Length body (or to the end, the request said Connection: close); the status code. */
    private static int readAnswer(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int headEnd = -1;
        long expected = -1;
        while (true) {
            socket.setSoTimeout(remainingMillis(deadline));
            int read = in.read(buffer);
            if (read < 0) {
                break;
            }
            received.write(buffer, 0, read);
            byte[] bytes = received.toByteArray();
            if (headEnd < 0) {
                headEnd = indexOf(bytes, END_OF_HEAD);
                if (headEnd >= 0) {
                    expected = contentLength(new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1));
                }
            }
            if (headEnd >= 0 && expected >= 0 && bytes.length >= headEnd + END_OF_HEAD.length + expected) {
                break;
            }
        }
        return status(received.toString(StandardCharsets.ISO_8859_1));
    }

    static int status(String answer) {
        if (!answer.startsWith("HTTP/1.") || answer.length() < 12) {
            return 0;
        }
        return Integer.parseInt(answer.substring(9, 12));
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring("content-length:".length()).trim());
            }
        }
        return -1;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            int j = 0;
            while (j < part.length && bytes[i + j] == part[j]) {
                j++;
            }
            if (j == part.length) {
                return i;
            }
        }
        return -1;
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long millis = (deadline - System.nanoTime()) / 1_000_000;
        if (millis <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) millis;
    }
}
