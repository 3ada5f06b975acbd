package dev.nowcast.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes one scenario invocation's results, with the machine they were measured on, as a small JSON file. */
final class Reports {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The machine and the code a result comes from; load averages show how busy the machine was. */
    record Environment(String cpu, int cores, long memoryMb, String os, String java, String commit,
                       double loadAverageBefore, double loadAverageAfter) {
    }

    private Reports() {
    }

    /** The 1-minute load average, or NaN where {@code /proc/loadavg} does not exist. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static Environment environment(double loadBefore) {
        return new Environment(cpuModel(), Runtime.getRuntime().availableProcessors(), memoryMb(),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), commit(),
                loadBefore, loadAverage());
    }

    /**
     * Writes {@code {scenario, label, startedAt, setup, environment, runs}} to {@code dir} and returns the file.
     */
    static Path write(ScenarioOptions options, String scenario, Instant startedAt, Map<String, Object> setup,
                      Environment environment, List<?> runs) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("scenario", scenario);
        report.put("label", options.label);
        report.put("startedAt", startedAt.toString());
        report.put("setup", setup);
        report.put("environment", environment);
        report.put("runs", runs);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(startedAt);
        String name = scenario + "-" + stamp + (options.label.isBlank() ? "" : "-" + options.label.replaceAll("[^A-Za-z0-9._-]", "_"))
                + ".json";
        try {
            Files.createDirectories(options.results);
            Path file = options.results.resolve(name);
            JSON.writeValue(file.toFile(), report);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report to " + options.results, e);
        }
    }

    /** The setup every scenario shares, from its options. */
    static Map<String, Object> setup(ScenarioOptions o) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("series", o.series);
        s.put("partitions", o.partitions);
        s.put("cell", o.cell.name());
        s.put("hidden", o.hidden);
        s.put("horizon", o.horizon);
        s.put("guarantee", o.guarantee);
        s.put("threads", o.threads);
        s.put("appHeap", o.appHeap);
        s.put("settings", o.settings);
        return s;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memoryMb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).findFirst().orElse(-1);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** The checked-out commit, with "+changes" when the working tree differs from it. */
    private static String commit() {
        String head = git("rev-parse", "--short", "HEAD");
        if (head == null) {
            return "unknown";
        }
        String changes = git("status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isEmpty() ? head : head + "+changes";
    }

    private static String git(String... args) {
        try {
            String[] command = new String[args.length + 1];
            command[0] = "git";
            System.arraycopy(args, 0, command, 1, args.length);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
