package dev.autoship.benchmarks.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of another JVM as the OS and the JVM itself see it: resident set size from
 * /proc/&lt;pid&gt;/status, and heap in use right after a full GC (live data, not garbage) from jcmd.
 */
public record ProcessMemory(long rssBytes, long liveHeapBytes, long committedHeapBytes) {
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Pattern HEAP = Pattern.compile("total (?:reserved \\d+K, )?committed (\\d+)K, used (\\d+)K");
    private static final Pattern HEAP_OLD_STYLE = Pattern.compile("total (\\d+)K, used (\\d+)K");

    public static ProcessMemory of(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String heapInfo = jcmd(pid, "GC.heap_info");
        long rss = rssBytes(pid);
        Matcher heap = HEAP.matcher(heapInfo);
        if (!heap.find()) {
            heap = HEAP_OLD_STYLE.matcher(heapInfo);
            if (!heap.find()) {
                throw new IOException("no heap figures in jcmd GC.heap_info output: " + heapInfo);
            }
        }
        return new ProcessMemory(rss, Long.parseLong(heap.group(2)) * 1024, Long.parseLong(heap.group(1)) * 1024);
    }

    public static long rssBytes(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        Matcher rss = RSS.matcher(status);
        if (!rss.find()) {
            throw new IOException("no VmRSS in /proc/" + pid + "/status");
        }
        return Long.parseLong(rss.group(1)) * 1024;
    }

    public double rssMiB() {
        return rssBytes / 1048576.0;
    }

    public double liveHeapMiB() {
        return liveHeapBytes / 1048576.0;
    }

    public double committedHeapMiB() {
        return committedHeapBytes / 1048576.0;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
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
