package dev.autoship.benchmarks.backends;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Elasticsearch from the integ-test-zip distribution on Maven Central, started
 * the way docs/architecture.md describes: unpacked into a temporary folder and, when we are root
 * (it refuses to run as root), owned by and run as {@code nobody}.
 */
public final class ElasticsearchNode implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final Path home;
    private final Path console;
    private final URI url;

    private ElasticsearchNode(Process process, Path home, Path console, URI url) {
        this.process = process;
        this.home = home;
        this.console = console;
        this.url = url;
    }

    /** The distribution zip the build copies next to the classes (property bench.elasticsearch.zip). */
    public static ElasticsearchNode start(String heap) throws IOException, InterruptedException {
        String zip = System.getProperty("bench.elasticsearch.zip");
        if (zip == null || !Files.isRegularFile(Path.of(zip))) {
            throw new IllegalStateException("system property bench.elasticsearch.zip must name the Elasticsearch integ-test zip (the build copies it to target/elasticsearch/), got " + zip);
        }
        Path folder = Files.createTempDirectory("bench-elasticsearch");
        run(List.of("unzip", "-q", zip, "-d", folder.toString()));
        Path home;
        try (Stream<Path> entries = Files.list(folder)) {
            home = entries.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new IOException("empty Elasticsearch distribution " + zip));
        }
        int port = LocalPort.free();
        List<String> command = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "-R", "nobody:nogroup", folder.toString()));
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        command.addAll(List.of(home.resolve("bin/elasticsearch").toString(),
                "-Ediscovery.type=single-node",
                "-Expack.security.enabled=false",
                "-Ehttp.host=127.0.0.1",
                "-Ehttp.port=" + port,
                "-Etransport.host=127.0.0.1",
                "-Ecluster.routing.allocation.disk.threshold_enabled=false",
                "-Epath.data=" + home.resolve("data"),
                "-Epath.logs=" + home.resolve("logs")));
        Path console = folder.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        // a clean environment: variables of the calling build (Maven's, the test JVM's) must not reach it
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().put("ES_JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("ES_JAVA_OPTS", "-Xms" + heap + " -Xmx" + heap);
        ElasticsearchNode node = new ElasticsearchNode(builder.start(), folder, console, URI.create("http://127.0.0.1:" + port));
        try {
            node.awaitHealthy();
        } catch (IOException | InterruptedException | RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    public URI url() {
        return url;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(url.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("Elasticsearch exited with " + process.exitValue() + "; its output ends:\n" + consoleTail());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IOException("Elasticsearch not healthy within " + START_TIMEOUT + "; its output ends:\n" + consoleTail());
    }

    /** The end of its console output and of its server log (the folder is gone once closed). */
    private String consoleTail() {
        StringBuilder tail = new StringBuilder();
        try (Stream<Path> logs = Files.find(home, 4, (path, attributes) -> path.getFileName().toString().equals("elasticsearch.log"))) {
            for (Path log : Stream.concat(Stream.of(console), logs).toList()) {
                List<String> lines = Files.readAllLines(log);
                tail.append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
            }
        } catch (IOException e) {
            tail.append("(unreadable: ").append(e.getMessage()).append(')');
        }
        return tail.toString();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            deleteRecursively(home);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("could not delete " + home + ": " + e.getMessage());
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
