package dev.autoship.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch from the test distribution that the build unpacks (system property
 * {@code elasticsearch.home}), copied into a temporary folder and started the way docs/architecture.md
 * describes. Elasticsearch refuses to run as root, so as root it runs as nobody.
 */
public final class ElasticsearchNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final String DEFAULT_HEAP = "256m";

    private final Process process;
    private final Path home;
    private final int port;
    private final Path logFile;
    private final StopOnExit stopOnExit;

    private ElasticsearchNode(Process process, Path home, int port, Path logFile) {
        this.process = process;
        this.home = home;
        this.port = port;
        this.logFile = logFile;
        this.stopOnExit = new StopOnExit("stop-elasticsearch", this::stop);
    }

    public static ElasticsearchNode start() {
        return start(DEFAULT_HEAP);
    }

    /** @param heap the JVM heap, as in {@code -Xmx}: {@code 256m}, {@code 1g} */
    public static ElasticsearchNode start(String heap) {
        try {
            Path distribution = Path.of(System.getProperty("elasticsearch.home",
                    "target/elasticsearch/elasticsearch-8.19.0")).toAbsolutePath();
            if (!Files.isDirectory(distribution.resolve("bin"))) {
                throw new IllegalStateException("no Elasticsearch at " + distribution
                        + "; set elasticsearch.home to the unpacked integ-test distribution (the Maven build unpacks it)");
            }
            Path home = Files.createTempDirectory("autoship-es-");
            copy(distribution, home);
            Path logFile = home.resolve("console.log");
            // Elasticsearch's own temporary files (JNA, native controller) would otherwise go to a new
            // /tmp/elasticsearch-<n> folder that nobody deletes: inside home they go with it
            Path tmp = Files.createDirectories(home.resolve("tmp"));
            int port = FreePort.find();
            boolean root = "root".equals(System.getProperty("user.name"));
            List<String> command = new ArrayList<>();
            if (root) {
                run("chown", "-R", "nobody:nogroup", home.toString());
                command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
            }
            command.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                    "-Ediscovery.type=single-node",
                    "-Expack.security.enabled=false",
                    "-Ehttp.host=127.0.0.1",
                    "-Ehttp.port=" + port,
                    "-Etransport.host=127.0.0.1",
                    "-Etransport.port=" + FreePort.find(),
                    "-Ecluster.routing.allocation.disk.threshold_enabled=false",
                    "-Epath.data=" + home.resolve("data"),
                    "-Epath.logs=" + home.resolve("logs")));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            // a clean environment: variables of the calling build (Maven's, the test JVM's) must not reach it
            String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            builder.environment().clear();
            builder.environment().put("PATH", path);
            builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
            builder.environment().put("ES_TMPDIR", tmp.toString());
            builder.environment().put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
            ElasticsearchNode node = new ElasticsearchNode(builder.start(), home, port, logFile);
            node.awaitHealthy();
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Freezes every process of the node (SIGSTOP): it keeps its sockets open and answers nothing — a hung server. */
    public void pause() {
        signal("-STOP");
    }

    /** Lets a {@linkplain #pause() paused} node run again (SIGCONT). */
    public void unpause() {
        signal("-CONT");
    }

    private void signal(String signal) {
        List<String> command = new ArrayList<>(List.of("kill", signal, Long.toString(process.pid())));
        process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        try {
            run(command.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The launcher's process id (the server runs as its child). */
    public long pid() {
        return process.pid();
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new IllegalStateException("Elasticsearch exited with " + process.exitValue() + "; its output ends:\n" + log);
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(500);
        }
        String log = log();
        close();
        throw new IllegalStateException("Elasticsearch did not become healthy within " + START_TIMEOUT + "; its output ends:\n" + log);
    }

    /** The end of its console output and of its server log (the folder is gone once closed). */
    private String log() {
        StringBuilder tail = new StringBuilder();
        try (Stream<Path> logs = Files.find(home, 4, (path, attributes) -> path.getFileName().toString().equals("elasticsearch.log"))) {
            for (Path log : Stream.concat(Stream.of(logFile), logs).toList()) {
                List<String> lines = Files.readAllLines(log);
                tail.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))).append('\n');
            }
        } catch (IOException | UncheckedIOException e) {
            tail.append("(unreadable: ").append(e.getMessage()).append(')');
        }
        return tail.toString();
    }

    private void stop() {
        // the launcher starts the server as a child process: stop both
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
        }
        deleteRecursively(home);
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is not worth failing a run for
        }
    }

    @Override
    public void close() {
        stop();
        stopOnExit.cancel();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        try (Stream<Path> scripts = Files.list(to.resolve("bin"))) {
            scripts.forEach(script -> script.toFile().setExecutable(true, false));
        }
    }

    private static void run(String... command) throws IOException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
