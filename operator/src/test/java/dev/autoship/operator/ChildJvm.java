package dev.autoship.operator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A main class run in its own JVM on this test's classpath, with exactly the given environment. */
public final class ChildJvm implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;

    private ChildJvm(Process process) {
        this.process = process;
    }

    public static ChildJvm start(String mainClass, Map<String, String> environment, Path stdout, Path stderr,
            String... jvmOptions) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(jvmOptions));
        arguments.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return launch(arguments, environment, stdout, stderr);
    }

    /** {@code java -jar jar}, as a user runs a built artifact outside a container. */
    public static ChildJvm startJar(Path jar, Map<String, String> environment, Path stdout, Path stderr)
            throws IOException {
        return launch(List.of("-jar", jar.toString()), environment, stdout, stderr);
    }

    private static ChildJvm launch(List<String> arguments, Map<String, String> environment, Path stdout, Path stderr)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-Xmx256m");
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start());
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** HTTP status of GET http://127.0.0.1:port/path, or -1 while nothing answers. */
    public static int status(int port, String path) {
        try {
            return HTTP.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static String body(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, then up to 30 s for a graceful exit; true when it exited by itself. */
    public boolean stopGracefully() throws InterruptedException {
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor();
        return false;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stopGracefully();
        }
    }
}
