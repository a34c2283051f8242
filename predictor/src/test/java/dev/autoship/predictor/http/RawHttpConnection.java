package dev.autoship.predictor.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A plain TCP connection to the predictor that writes exactly the bytes a test gives it and reads back what the
 * server really sends: several responses on one connection, and whether the server closed it. An HTTP client
 * library would hide both.
 */
public final class RawHttpConnection implements AutoCloseable {

    /** One HTTP response as it arrived: status line, headers (names lower case), body. */
    public record Response(String statusLine, List<String> headerLines, String body) {

        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        public Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headerLines.stream()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip())
                    .findFirst();
        }
    }

    private final Socket socket;
    private final InputStream in;

    public RawHttpConnection(int port, Duration readTimeout) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    public void setReadTimeout(Duration readTimeout) throws IOException {
        socket.setSoTimeout((int) readTimeout.toMillis());
    }

    public RawHttpConnection send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Half-closes the connection: the server sees the end of the request stream (what it must not wait for). */
    public RawHttpConnection endOfInput() throws IOException {
        socket.shutdownOutput();
        return this;
    }

    /** Reads the next response (Content-Length or chunked body); empty when the server closed the connection first. */
    public Optional<Response> readResponse() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            return Optional.empty();
        }
        List<String> headers = new ArrayList<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            headers.add(line);
        }
        Response head = new Response(statusLine, headers, "");
        String body;
        if (head.header("transfer-encoding").filter(v -> v.equalsIgnoreCase("chunked")).isPresent()) {
            ByteArrayOutputStream chunks = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(readLine().strip(), 16); size > 0;
                 size = Integer.parseInt(readLine().strip(), 16)) {
                chunks.write(in.readNBytes(size));
                readLine();
            }
            readLine();
            body = chunks.toString(StandardCharsets.UTF_8);
        } else {
            int length = head.header("content-length").map(Integer::parseInt).orElse(0);
            body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
        return Optional.of(new Response(statusLine, headers, body));
    }

    /**
     * True when the server has closed the connection: the next read sees the end of the stream (or a reset) before
     * the read timeout; false when the connection is still open, or the server sent more bytes.
     */
    public boolean closedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    /** Everything the server sends until it closes the connection (or the read timeout passes). */
    public String readUntilClosed() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                all.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            all.write("<still open>".getBytes(StandardCharsets.ISO_8859_1));
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) b);
        }
        return line.isEmpty() ? null : line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
