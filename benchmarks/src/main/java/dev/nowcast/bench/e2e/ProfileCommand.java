package dev.nowcast.bench.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where a stream thread's time goes, from a flight recording of an app run ({@code --jfr}): every execution
 * sample (Java code) and native-method sample (RocksDB's JNI calls, waiting in {@code epoll}) of the matching
 * threads is charged to the first component found walking its stack from the innermost frame outwards, and the
 * innermost frames are counted too.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Summarises a flight recording of an app run: the stream thread's samples by component and "
                + "its hottest methods.")
final class ProfileCommand implements Callable<Integer> {

    /** Components by the class-name prefix of a frame; the first match walking outwards from the top frame wins. */
    private static final Map<String, String> COMPONENTS = components();
    private static final String WAITING = "waiting for the network (epoll)";
    private static final java.util.Set<String> SAMPLES = java.util.Set.of("jdk.ExecutionSample", "jdk.NativeMethodSample");

    @Parameters(paramLabel = "RECORDING", description = "A .jfr file written by a scenario run with --jfr.")
    Path recording;

    @Option(names = "--threads", paramLabel = "REGEX", defaultValue = "StreamThread-\\d+$",
            description = "Only threads whose name contains a match of REGEX (default: the stream threads, "
                    + "${DEFAULT-VALUE}); '.' for every thread.")
    java.util.regex.Pattern threads;

    @Option(names = "--component", paramLabel = "TEXT", defaultValue = "",
            description = "List the hottest frames only of the components whose name contains TEXT.")
    String focus;

    @Option(names = "--skip", paramLabel = "SECONDS", defaultValue = "0",
            description = "Leave out the samples of the recording's first SECONDS (the app's start and the JIT's "
                    + "warm-up, when the Vector API still runs its Java fallback); default ${DEFAULT-VALUE}.")
    double skip;

    @Option(names = "--top", paramLabel = "N", defaultValue = "25", description = "Hottest methods listed; default ${DEFAULT-VALUE}.")
    int top;

    @Override
    public Integer call() throws IOException {
        Map<String, Double> byComponent = new HashMap<>();
        Map<String, Double> byMethod = new HashMap<>();
        Map<String, Double> byThread = new HashMap<>();
        Sampling sampling = sampling();
        Map<String, Double> periods = sampling.periods();
        Instant from = sampling.start().plusMillis(Math.round(skip * 1000));
        double total = 0;
        double cpu = 0;
        double focused = 0;
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            Double weight = periods.get(event.getEventType().getName());
            if (weight == null || event.getStartTime().isBefore(from)) {
                continue;
            }
            var sampled = event.getThread("sampledThread");
            if (sampled == null || sampled.getJavaName() == null || !threads.matcher(sampled.getJavaName()).find()) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            total += weight;
            List<RecordedFrame> frames = stack.getFrames();
            String component = component(frames);
            if (component.equals(WAITING)) {
                // Which step of the stream thread waits: its innermost Kafka Streams frame.
                component += " in " + frames.stream().filter(f -> f.getMethod().getType().getName()
                        .startsWith("org.apache.kafka.streams.")).findFirst().map(ProfileCommand::name).orElse("(no Streams frame)");
            } else {
                byThread.merge(sampled.getJavaName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}|\\d+", "#"), weight, Double::sum);
                cpu += weight;
            }
            byComponent.merge(component, weight, Double::sum);
            if (component.contains(focus)) {
                // Innermost frame, and the frame of the component's own code nearest to it, to see who calls.
                byMethod.merge(name(frames.get(0)) + " <- " + frames.stream().skip(1)
                        .filter(f -> !f.getMethod().getType().getName().startsWith("java.")).findFirst()
                        .map(ProfileCommand::name).orElse("-"), weight, Double::sum);
                focused += weight;
            }
        }
        System.out.printf("%d samples of threads matching '%s' in %s (sampling periods in ms: %s)%n%n", samples, threads,
                recording, periods);
        // Numbers in thread names (StreamThread-1, pool-3-thread-2) are folded so that one role is one row.
        System.out.println("| thread (samples not waiting in epoll) | share |");
        System.out.println("|---|---:|");
        print(byThread, cpu, top);
        System.out.println();
        System.out.println("| component | share of the thread's time |");
        System.out.println("|---|---:|");
        print(byComponent, total, Integer.MAX_VALUE);
        System.out.println();
        System.out.println("| innermost frame <- nearest caller outside java.* (components matching '" + focus
                + "') | share of the thread's time |");
        System.out.println("|---|---:|");
        print(byMethod, total, top);
        System.out.printf("(%.1f%% of the thread's time in components matching '%s')%n", 100 * focused / Math.max(1, total),
                focus);
        return 0;
    }

    /**
     * The sampling period of Java and native samples in milliseconds by event type (each sample stands for one
     * period of the thread's time, and the two periods differ in JFR's settings, {@code profile}: 10 and 20 ms),
     * and when the recording's first event started.
     */
    private record Sampling(Map<String, Double> periods, Instant start) {
    }

    private Sampling sampling() throws IOException {
        Map<Long, String> names = new HashMap<>();
        Map<String, Double> periods = new HashMap<>();
        Instant first = Instant.MAX;
        try (RecordingFile file = new RecordingFile(recording)) {
            for (jdk.jfr.EventType type : file.readEventTypes()) {
                names.put(type.getId(), type.getName());
            }
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                if (e.getStartTime().isBefore(first)) {
                    first = e.getStartTime();
                }
                if (e.getEventType().getName().equals("jdk.ActiveSetting") && e.getString("name").equals("period")) {
                    String type = names.get(e.getLong("id"));
                    if (SAMPLES.contains(type)) {
                        periods.put(type, millis(e.getString("value")));
                    }
                }
            }
        }
        if (!periods.keySet().containsAll(SAMPLES)) {
            throw new IllegalStateException(recording + " has no sampling periods for " + SAMPLES + ": record with settings=profile");
        }
        return new Sampling(periods, first);
    }

    private static double millis(String period) {
        String[] parts = period.trim().split(" ");
        double value = Double.parseDouble(parts[0]);
        return switch (parts.length > 1 ? parts[1] : "ms") {
            case "s" -> value * 1000;
            case "us" -> value / 1000;
            case "ns" -> value / 1_000_000;
            default -> value;
        };
    }

    private static void print(Map<String, Double> weights, double total, int limit) {
        weights.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf("| %s | %.1f%% |%n", e.getKey(), 100.0 * e.getValue() / Math.max(1, total)));
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> c : COMPONENTS.entrySet()) {
                if (type.startsWith(c.getKey())) {
                    return c.getValue();
                }
            }
        }
        return "other: " + name(frames.get(0));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static Map<String, String> components() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("sun.nio.ch.EPoll", WAITING);
        c.put("sun.nio.ch.", "socket and file I/O (NIO)");
        c.put("org.rocksdb.", "RocksDB (JNI)");
        c.put("dev.nowcast.model.", "model (features, network, rollout)");
        c.put("dev.nowcast.stream.state.", "state codec");
        c.put("org.apache.avro.", "Avro (serdes)");
        c.put("dev.nowcast.schemas.", "Avro (serdes)");
        c.put("java.util.zip.CRC32C", "record batch checksums (CRC32C)");
        c.put("org.apache.kafka.common.utils.Crc32C", "record batch checksums (CRC32C)");
        c.put("org.apache.kafka.common.record.", "record batches (build, validate, iterate)");
        c.put("org.apache.kafka.common.compress.", "record batches (build, validate, iterate)");
        c.put("org.apache.kafka.clients.producer.", "Kafka producer (send, transactions)");
        c.put("org.apache.kafka.clients.consumer.", "Kafka consumer (poll, fetch)");
        c.put("org.apache.kafka.common.metrics.", "Kafka metrics");
        c.put("org.apache.kafka.clients.", "Kafka network layer (requests, selector)");
        c.put("org.apache.kafka.common.network.", "Kafka network layer (requests, selector)");
        c.put("org.apache.kafka.common.requests.", "Kafka network layer (requests, selector)");
        c.put("org.apache.kafka.common.message.", "Kafka network layer (requests, selector)");
        c.put("org.apache.kafka.common.protocol.", "Kafka network layer (requests, selector)");
        c.put("org.apache.kafka.streams.state.", "Kafka Streams state store layers");
        c.put("org.apache.kafka.streams.", "Kafka Streams (task, record queue, commit)");
        c.put("dev.nowcast.stream.", "forecast processor and metrics");
        c.put("io.micrometer.", "forecast processor and metrics");
        // The broker's own code, for recordings of the broker process.
        c.put("org.apache.kafka.storage.", "broker log (append, read, indexes)");
        c.put("kafka.log.", "broker log (append, read, indexes)");
        c.put("org.apache.kafka.coordinator.", "broker coordinators (group, transaction)");
        c.put("kafka.coordinator.", "broker coordinators (group, transaction)");
        c.put("kafka.network.", "broker request channel");
        c.put("org.apache.kafka.network.", "broker request channel");
        c.put("kafka.server.", "broker request handling (KafkaApis, ReplicaManager, purgatory)");
        c.put("org.apache.kafka.server.", "broker request handling (KafkaApis, ReplicaManager, purgatory)");
        return c;
    }
}
