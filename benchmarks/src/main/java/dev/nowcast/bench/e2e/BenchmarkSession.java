package dev.nowcast.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nowcast.config.CommonSettings;
import dev.nowcast.local.TempDirs;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.stream.config.StreamSettings;

/**
 * One invocation of a scenario: the servers, the trained model published to its weights topic, a scratch
 * directory for the apps' state and logs (removed on close), and the configuration every app run shares.
 */
final class BenchmarkSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkSession.class);
    private static final String WEIGHTS = "bench.model-weights";
    private static final String DEAD_LETTERS = "bench.dead-letters";

    /** The topics one app run reads and writes. */
    record Topics(String observations, String predictions, String anomalies) {
    }

    final ScenarioOptions options;
    final BenchmarkStack stack;
    final ModelSnapshot snapshot;
    private final Path scratch;

    private BenchmarkSession(ScenarioOptions options, BenchmarkStack stack, ModelSnapshot snapshot, Path scratch) {
        this.options = options;
        this.stack = stack;
        this.snapshot = snapshot;
        this.scratch = scratch;
    }

    static BenchmarkSession open(ScenarioOptions options) {
        long started = System.nanoTime();
        ModelSnapshot snapshot = BenchmarkModel.train(options.cell, options.hidden, options.horizon);
        BenchmarkStack stack = BenchmarkStack.start(options.brokerHeap);
        try {
            stack.createTopic(WEIGHTS, 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            stack.createTopic(DEAD_LETTERS, 1, Map.of());
            stack.publish(WEIGHTS, snapshot);
            LOG.info("Broker {} (pid {}), registry {}, model {} {}x{} horizon {} ready in {} s", stack.bootstrapServers(),
                    stack.brokerPid(), stack.registryUrl(), options.cell, options.hidden, options.hidden,
                    options.horizon, (System.nanoTime() - started) / 1_000_000_000);
            return new BenchmarkSession(options, stack, snapshot, TempDirs.create("nowcast-e2e-"));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Creates an observation topic; observations carry their broker append time, where every latency starts. */
    String createObservations(String name) {
        String topic = "bench.observations." + name;
        stack.createAppendTimeTopic(topic, options.partitions);
        return topic;
    }

    /**
     * Creates the output topics of one app run reading {@code observations}: every run writes its own, so that
     * runs cannot see each other's predictions.
     */
    Topics createOutputs(String observations, String name) {
        Topics topics = new Topics(observations, "bench.predictions." + name, "bench.anomalies." + name);
        stack.createAppendTimeTopic(topics.predictions(), options.partitions);
        stack.createTopic(topics.anomalies(), options.partitions, Map.of());
        return topics;
    }

    /** The settings of an app run: the scenario's model and guarantee, then {@code --set}. */
    Map<String, String> appSettings(String applicationId, Topics topics) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put(CommonSettings.BOOTSTRAP_SERVERS.key(), stack.bootstrapServers());
        s.put(CommonSettings.SCHEMA_REGISTRY_URL.key(), stack.registryUrl());
        s.put(CommonSettings.MODELS.key(), BenchmarkModel.NAME + ":" + topics.observations());
        s.put(CommonSettings.TOPIC_MODEL_WEIGHTS.key(), WEIGHTS);
        s.put(CommonSettings.TOPIC_PREDICTIONS.key(), topics.predictions());
        s.put(CommonSettings.TOPIC_ANOMALIES.key(), topics.anomalies());
        s.put(CommonSettings.TOPIC_DEAD_LETTERS.key(), DEAD_LETTERS);
        s.put(StreamSettings.APPLICATION_ID.key(), applicationId);
        s.put(StreamSettings.PROCESSING_GUARANTEE.key(), options.guarantee);
        s.put(StreamSettings.STREAM_THREADS.key(), Integer.toString(options.threads));
        s.putAll(options.settings);
        return s;
    }

    /**
     * Runs the identity app once over {@code events} observations of its own, unmeasured, so that the broker's
     * code is compiled (JIT) before the first measured run: otherwise whichever variant runs first pays for it.
     */
    void warmUpBroker(long events) {
        long started = System.nanoTime();
        SyntheticSeries series = new SyntheticSeries(Math.min(options.series, 10_000));
        String observations = createObservations("warmup");
        try (ObservationLoad load = new ObservationLoad(stack, series, observations, 20)) {
            load.preload(0, events);
        }
        Topics topics = createOutputs(observations, "warmup");
        try (BenchmarkApp app = startApp("warmup", ScenarioOptions.Variant.IDENTITY,
                appSettings("bench-warmup", topics))) {
            app.awaitReady();
            awaitProcessed(app, "bench-warmup", topics, events);
        }
        removeAppFiles("warmup");
        LOG.info("Broker warmed up with {} observations in {} s", events, (System.nanoTime() - started) / 1_000_000_000);
    }

    /**
     * Waits until the app has processed every observation: its committed input offsets reach the end (exactly
     * once commits every 100 ms), or, at least once (30 s between commits), every prediction is in the log.
     */
    void awaitProcessed(BenchmarkApp app, String applicationId, Topics topics, long total) {
        boolean atLeastOnce = options.guarantee.equals(StreamsConfig.AT_LEAST_ONCE);
        long lastLog = System.nanoTime();
        while (true) {
            long committed = stack.committed(applicationId, topics.observations());
            long written = stack.endOffsets(topics.predictions());
            if (committed >= total || (atLeastOnce && written >= total)) {
                return;
            }
            if (!app.isAlive()) {
                throw new IllegalStateException("The app exited; last lines of its log:\n" + app.logTail());
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                LOG.info("  {} of {} observations committed, {} prediction offsets", committed, total, written);
                lastLog = System.nanoTime();
            }
            sleep(500);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Starts an app run of {@code variant} whose state and logs live in a directory of their own. */
    BenchmarkApp startApp(String name, ScenarioOptions.Variant variant, Map<String, String> settings) {
        Path dir = scratch.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return BenchmarkApp.start(name, variant.mainClass(), settings, dir, options.appHeap);
    }

    /**
     * With {@code --jfr DIR}, starts flight recordings of the app and of the broker, to be stopped (and written to
     * {@code DIR/<name>-app.jfr} and {@code DIR/<name>-broker.jfr}) when the measured part of the run ends.
     */
    Profiling profile(String name, BenchmarkApp app) {
        if (options.jfr == null) {
            return new Profiling(List.of());
        }
        try {
            Files.createDirectories(options.jfr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Profiling(List.of(FlightRecording.start(app.pid(), options.jfr.resolve(name + "-app.jfr")),
                FlightRecording.start(stack.brokerPid(), options.jfr.resolve(name + "-broker.jfr"))));
    }

    /** The flight recordings of one app run; closing stops them and writes their files. */
    record Profiling(List<FlightRecording> recordings) implements AutoCloseable {
        @Override
        public void close() {
            recordings.forEach(r -> LOG.info("Flight recording {}", r.stop()));
        }
    }

    /** Removes an app run's directory (its RocksDB files can take gigabytes). */
    void removeAppFiles(String name) {
        TempDirs.deleteRecursively(scratch.resolve(name));
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            TempDirs.deleteRecursively(scratch);
        }
    }
}
