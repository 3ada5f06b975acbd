package dev.nowcast.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.nowcast.local.FreePorts;
import dev.nowcast.local.JavaProcess;
import dev.nowcast.local.StreamAppProcess;
import dev.nowcast.stream.cli.NowcastStream;
import dev.nowcast.stream.config.StreamSettings;

/**
 * The stream app as users run it ({@link StreamAppProcess}: {@code nowcast stream --set ...} in a JVM of its own,
 * with the jar's class path, the heap {@code ./nowcast} gives it and the default collector), measured from outside
 * without disturbing it: CPU from the kernel's accounting, heap from its GC log, RocksDB from its state directory,
 * the clients' own view from its scrape.
 */
final class BenchmarkApp implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    /**
     * What the Kafka clients and Kafka Streams say about a run (request rates and sizes, the thread's time split),
     * and the app's step latency and anomaly counts (emitted, and outliers of forecasts made before warm-up).
     */
    static final List<String> CLIENT_METRICS = List.of("kafka_stream_thread_", "kafka_producer_request_rate",
            "kafka_producer_records_per_request_avg", "kafka_producer_batch_size_avg", "kafka_producer_record_send_rate",
            "kafka_producer_request_latency_avg", "kafka_consumer_fetch_manager_fetch_rate",
            "kafka_consumer_fetch_manager_records_per_request_avg", "kafka_consumer_fetch_manager_fetch_latency_avg",
            "kafka_consumer_fetch_manager_fetch_size_avg", "nowcast_step_latency_seconds_count",
            "nowcast_step_latency_seconds_sum", "nowcast_step_latency_seconds_max", "nowcast_anomalies_");

    private final StreamAppProcess process;
    private final Path stateDir;
    private final Path gcLog;

    private BenchmarkApp(StreamAppProcess process, Path stateDir, Path gcLog) {
        this.process = process;
        this.stateDir = stateDir;
        this.gcLog = gcLog;
    }

    /**
     * Starts {@code main} (a main class taking {@code nowcast}'s arguments) with {@code settings}, plus a free HTTP
     * port and a state directory in {@code dir}, which also receives its log and GC log.
     */
    static BenchmarkApp start(String name, Class<?> main, Map<String, String> settings, Path dir, String heap) {
        int port = FreePorts.find();
        Path stateDir = dir.resolve("state");
        Path gcLog = dir.resolve("gc.log");
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put(StreamSettings.HTTP_PORT.key(), Integer.toString(port));
        all.put(StreamSettings.STATE_DIR.key(), stateDir.toString());
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JavaProcess.Builder builder = JavaProcess.builder("nowcast stream (" + name + ")", main.getName())
                .classpath(appClasspath(main))
                .jvmArg("-Xmx" + heap)
                .jvmArg("-Xlog:gc:file=" + gcLog + ":uptime")
                .jvmArg("-Djava.io.tmpdir=" + dir)
                .modelJvmOptions()
                .logFile(dir.resolve("app.log"));
        return new BenchmarkApp(StreamAppProcess.start(builder, all), stateDir, gcLog);
    }

    /**
     * The stream app's class path: its jar (whose manifest names every dependency in {@code lib/}) when the harness
     * runs from it, with the main class's own jar or classes when that is elsewhere (the benchmarks' floor); else
     * this JVM's class path (a build's classes directories).
     */
    private static String appClasspath(Class<?> main) {
        Path app = codeSource(NowcastStream.class);
        if (!Files.isRegularFile(app)) {
            return System.getProperty("java.class.path");
        }
        Path own = codeSource(main);
        return own.equals(app) ? app.toString() : app + java.io.File.pathSeparator + own;
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code /health/ready} answers 200 (Kafka Streams running, model loaded); returns the wait. */
    Duration awaitReady() {
        return process.awaitReady(READY_TIMEOUT).readyAfter();
    }

    /**
     * The samples of the app's Prometheus scrape whose names start with one of {@code prefixes}, as
     * {@code name{labels}} to value: the Kafka clients' and Kafka Streams' own view of a run (request rates,
     * records per request, the stream thread's time split), read once at the end of the measured window.
     */
    Map<String, Double> metrics(List<String> prefixes) {
        Map<String, Double> samples = new java.util.TreeMap<>();
        try {
            for (String line : process.get("/metrics").body().lines().toList()) {
                int space = line.lastIndexOf(' ');
                if (!line.startsWith("#") && space > 0 && prefixes.stream().anyMatch(line::startsWith)) {
                    samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
        } catch (UncheckedIOException | NumberFormatException e) {
            samples.put("scrape failed: " + e, Double.NaN);
        }
        return samples;
    }

    /** GET {@code path} on the app's HTTP port: the status and the body. */
    HttpResponse<String> get(String path) {
        return process.get(path);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logTail() {
        return process.logTail(40);
    }

    /** CPU time (user and system, every thread) the process has used so far. */
    Duration cpuTime() {
        return ProcessStats.cpuTime(process.pid());
    }

    /** Resident set size (heap, RocksDB's native memory, code) in bytes, or -1 once the process is gone. */
    long residentBytes() {
        return ProcessStats.residentBytes(process.pid());
    }

    Path gcLog() {
        return gcLog;
    }

    /** Bytes of every RocksDB instance under the state directory (the series store's, one per task). */
    long rocksDbBytes() {
        List<Path> dbs = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.filter(p -> p.getFileName().toString().equals("rocksdb") && Files.isDirectory(p)).forEach(dbs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long bytes = 0;
        for (Path db : dbs) {
            bytes += directoryBytes(db);
        }
        return bytes;
    }

    private static long directoryBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed by a compaction while we walked
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A clean shutdown (SIGTERM: Kafka Streams commits, closes its stores and flushes RocksDB). */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(60));
    }
}
