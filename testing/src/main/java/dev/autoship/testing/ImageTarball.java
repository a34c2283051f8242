package dev.autoship.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A container image as Jib's {@code buildTar} writes it (docker-archive layout), unpacked for
 * inspection, and able to run its entrypoint on this machine's JDK in place of the base image's
 * JRE. Used by the image checks of the predictor and the operator.
 */
public final class ImageTarball {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLASSPATH_FILE = "/app/jib-classpath-file";

    private final Path directory;
    private final JsonNode manifest;
    private final JsonNode config;

    private ImageTarball(Path directory, JsonNode manifest, JsonNode config) {
        this.directory = directory;
        this.manifest = manifest;
        this.config = config;
    }

    /** The image the build made for its image check (system property {@code image.check.tar}), unpacked into {@code directory}. */
    public static ImageTarball unpackBuiltImage(Path directory) throws IOException {
        return unpack(Path.of(System.getProperty("image.check.tar", "target/jib-image-check.tar")), directory);
    }

    /** Unpacks {@code tar} into {@code directory} and reads its manifest and config. */
    public static ImageTarball unpack(Path tar, Path directory) throws IOException {
        if (!Files.isRegularFile(tar)) {
            throw new IOException("no image tarball at " + tar.toAbsolutePath() + " (built at pre-integration-test)");
        }
        untar(Files.newInputStream(tar), directory, false);
        JsonNode manifest = JSON.readTree(directory.resolve("manifest.json").toFile()).get(0);
        JsonNode config = JSON.readTree(directory.resolve(manifest.get("Config").asText()).toFile()).get("config");
        return new ImageTarball(directory, manifest, config);
    }

    public String repoTag() {
        return manifest.get("RepoTags").get(0).asText();
    }

    public String user() {
        return config.path("User").asText();
    }

    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    public List<String> entrypoint() {
        List<String> args = new ArrayList<>();
        config.path("Entrypoint").forEach(node -> args.add(node.asText()));
        return args;
    }

    public List<Integer> exposedPorts() {
        List<Integer> ports = new ArrayList<>();
        config.path("ExposedPorts").fieldNames()
                .forEachRemaining(name -> ports.add(Integer.parseInt(name.substring(0, name.indexOf('/')))));
        return ports;
    }

    /**
     * Unpacks every layer into a root folder and returns the entrypoint as a command for this
     * JDK, with the image's {@code /app/...} paths mapped into that folder.
     */
    public List<String> entrypointOnThisJdk() throws IOException {
        Path root = directory.resolve("rootfs");
        for (JsonNode layer : manifest.get("Layers")) {
            untar(Files.newInputStream(directory.resolve(layer.asText())), root, true);
        }
        Path app = root.resolve("app");
        Path classpathFile = root.resolve(CLASSPATH_FILE.substring(1));
        Files.writeString(classpathFile, Files.readString(classpathFile).trim().replace("/app/", app + "/"));

        List<String> entrypoint = entrypoint();
        if (!entrypoint.get(0).equals("java")) {
            throw new IllegalStateException("entrypoint does not start with java: " + entrypoint);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : entrypoint.subList(1, entrypoint.size())) {
            command.add(arg.equals("@" + CLASSPATH_FILE) ? "@" + classpathFile : arg);
        }
        return command;
    }

    private static void untar(InputStream raw, Path target, boolean gzipped) throws IOException {
        InputStream in = new BufferedInputStream(raw);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(gzipped ? new GZIPInputStream(in) : in)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("tar entry escapes the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
