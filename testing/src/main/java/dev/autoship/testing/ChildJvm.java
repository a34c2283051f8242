package dev.autoship.testing;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A main class or a runnable jar in its own JVM, with exactly the given environment, its output going to files. */
public final class ChildJvm implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String DEFAULT_HEAP = "-Xmx256m";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** {@code mainClass} on this JVM's classpath, with a 256 MB heap unless {@code jvmOptions} say otherwise. */
    public static ChildJvm start(String mainClass, Map<String, String> environment, Path stdout, Path stderr,
            String... jvmOptions) throws IOException {
        List<String> arguments = new ArrayList<>(List.of(DEFAULT_HEAP));
        arguments.addAll(List.of(jvmOptions));
        arguments.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        return launch(arguments, environment, stdout, stderr);
    }

    /** {@code java -jar jar}, as a user runs a built artifact outside a container. */
    public static ChildJvm startJar(Path jar, Map<String, String> environment, Path stdout, Path stderr)
            throws IOException {
        return launch(List.of(DEFAULT_HEAP, "-jar", jar.toString()), environment, stdout, stderr);
    }

    /** {@code mainClass} on the given classpath, standard output and error both going to {@code log}. */
    public static ChildJvm start(String classpath, String mainClass, List<String> jvmOptions,
            Map<String, String> environment, Path log) throws IOException {
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.addAll(List.of("-classpath", classpath, mainClass));
        return launch(arguments, environment, log, null);
    }

    /** @param stderr null: into the same file as standard output */
    private static ChildJvm launch(List<String> arguments, Map<String, String> environment, Path stdout, Path stderr)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile());
        if (stderr == null) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(Redirect.to(stderr.toFile()));
        }
        builder.environment().clear();
        builder.environment().putAll(environment);
        return new ChildJvm(builder.start(), stdout);
    }

    /** HTTP status of GET http://127.0.0.1:port/path, or -1 while nothing answers. */
    public static int status(int port, String path) {
        try {
            return HTTP.send(request(URI.create("http://127.0.0.1:" + port + path)), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    public static String body(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(request(URI.create("http://127.0.0.1:" + port + path)), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static HttpRequest request(URI url) {
        return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where its standard output goes. */
    public Path log() {
        return log;
    }

    /** Waits until {@code url} answers 200; fails early with its log when the JVM exits. */
    public void awaitOk(URI url, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("process exited; its log " + log + " ends:\n" + logTail());
            }
            try {
                if (HTTP.send(request(url), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException(url + " did not answer 200 within " + timeout + "; log " + log + " ends:\n" + logTail());
    }

    /** The last lines of its output, for error messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (the graceful path the component ships with), then SIGKILL after 30 s; true when it exited by itself. */
    public boolean stopGracefully() throws InterruptedException {
        process.destroy();
        if (process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        try {
            stopGracefully();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
