package dev.autoship.benchmarks.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of another JVM as the OS and the JVM itself see it: resident set size from
 * /proc/&lt;pid&gt;/status once it has settled after a full GC (G1 gives memory back concurrently), its
 * high-water mark since start (what a container limit must allow), and heap in use right after the
 * full GC (live data, not garbage) from jcmd.
 */
public record ProcessMemory(long rssBytes, long peakRssBytes, long liveHeapBytes, long committedHeapBytes) {
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern PEAK_RSS = Pattern.compile("VmHWM:\\s+(\\d+) kB");
    private static final long SETTLE_POLL_MILLIS = 500;
    private static final int SETTLE_MAX_POLLS = 20;
    private static final Pattern HEAP = Pattern.compile("total (?:reserved \\d+K, )?committed (\\d+)K, used (\\d+)K");
    private static final Pattern HEAP_OLD_STYLE = Pattern.compile("total (\\d+)K, used (\\d+)K");

    public static ProcessMemory of(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heapInfo = jcmd(pid, "GC.heap_info");
        long rss = settledRssBytes(pid);
        Matcher heap = HEAP.matcher(heapInfo);
        if (!heap.find()) {
            heap = HEAP_OLD_STYLE.matcher(heapInfo);
            if (!heap.find()) {
                throw new IOException("no heap figures in jcmd GC.heap_info output: " + heapInfo);
            }
        }
        return new ProcessMemory(rss, status(pid, PEAK_RSS), Long.parseLong(heap.group(2)) * 1024,
                Long.parseLong(heap.group(1)) * 1024);
    }

    /** RSS once it stops falling by more than 1 % per half second (10 s at most). */
    private static long settledRssBytes(long pid) throws IOException, InterruptedException {
        long rss = status(pid, RSS);
        for (int poll = 0; poll < SETTLE_MAX_POLLS; poll++) {
            Thread.sleep(SETTLE_POLL_MILLIS);
            long next = status(pid, RSS);
            if (next > rss * 0.99) {
                return next;
            }
            rss = next;
        }
        return rss;
    }

    private static long status(long pid, Pattern field) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        Matcher value = field.matcher(status);
        if (!value.find()) {
            throw new IOException("no " + field.pattern() + " in /proc/" + pid + "/status");
        }
        return Long.parseLong(value.group(1)) * 1024;
    }

    public double rssMiB() {
        return rssBytes / 1048576.0;
    }

    public double peakRssMiB() {
        return peakRssBytes / 1048576.0;
    }

    public double liveHeapMiB() {
        return liveHeapBytes / 1048576.0;
    }

    public double committedHeapMiB() {
        return committedHeapBytes / 1048576.0;
    }

    /** Native Memory Tracking's summary (the JVM must run with -XX:NativeMemoryTracking=summary). */
    public static String nativeMemorySummary(long pid) throws IOException, InterruptedException {
        return jcmd(pid, "VM.native_memory summary");
    }

    /** The heap's class histogram (live objects by class, largest first). */
    public static String classHistogram(long pid) throws IOException, InterruptedException {
        return jcmd(pid, "GC.class_histogram");
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> arguments = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        arguments.addAll(List.of(command.split(" ")));
        Process process = new ProcessBuilder(arguments)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
