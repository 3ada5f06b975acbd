package dev.nowcast.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.stream.config.StreamSettings;
import dev.nowcast.stream.state.SeriesStateCodec;
import dev.nowcast.stream.topology.ForecastTopology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Restoring the series store from its changelog on a fresh instance (empty state directory). The changelog is
 * written directly, as the app writes it: for every series the state bytes {@link SeriesStateCodec} makes of a
 * series that has filled its 48-point ring (real states of the scenario's model, one per template series, so a
 * million series cost seconds to prepare instead of the 48 million events the app would need), keyed and
 * partitioned as the app's own writes are. The app is then started on it, and the time until it serves (Kafka
 * Streams RUNNING, every task restored) is compared with the same start on an empty changelog.
 */
@Command(name = "restore", mixinStandardHelpOptions = true, sortOptions = false,
        description = "A fresh instance restoring every series' state from the changelog: time to ready, against the "
                + "same start with an empty changelog; state bytes per series.")
final class RestoreScenario implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreScenario.class);
    /** Distinct real states written; series k gets template k mod this. */
    private static final int TEMPLATES = 1000;
    /** Points each template series has seen: its ring (48) is full and it is warm. */
    private static final int POINTS = 60;
    /** Series checked through the app's /series endpoint after the restore. */
    private static final int PROBES = 50;

    @Mixin
    ScenarioOptions options;

    @Option(names = "--versions", paramLabel = "N", defaultValue = "1",
            description = "Changelog records per series: 1 is a fully compacted changelog, more an uncompacted one; "
                    + "default ${DEFAULT-VALUE}.")
    int versions;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Fresh instances restoring the same changelog, one after the other; default ${DEFAULT-VALUE}.")
    int rounds;

    /**
     * One restore.
     *
     * @param restoreMillis {@code readyMillis} minus the empty start's: what restoring the store took
     * @param probesWarm    of the probed series, how many the app served with their restored, warm state
     */
    record Run(int round, long readyMillis, long emptyReadyMillis, long restoreMillis, double seriesPerSecond,
               long rocksDbBytes, double rocksDbBytesPerSeries, int probes, int probesWarm) {
    }

    /** What was written to the changelog. */
    record Changelog(long series, int versions, long records, long bytes, int stateBytesMin, double stateBytesMean,
                     int stateBytesMax, long writeMillis) {
    }

    @Override
    public Integer call() throws SnapshotException {
        double loadBefore = Reports.loadAverage();
        Instant startedAt = Instant.now();
        List<Run> runs = new ArrayList<>();
        Changelog changelog;
        try (BenchmarkSession session = BenchmarkSession.open(options)) {
            String observations = session.createObservations("restore");
            BenchmarkSession.Topics topics = session.createOutputs(observations, "restore");
            long empty = startAndStop(session, "empty", "bench-restore-empty", topics).toMillis();
            String applicationId = "bench-restore";
            changelog = writeChangelog(session, applicationId + "-" + ForecastTopology.seriesStoreName(BenchmarkModel.NAME)
                    + "-changelog", templates(session));
            for (int round = 1; round <= rounds; round++) {
                String name = "restore-" + round;
                long launched = System.nanoTime();
                try (BenchmarkApp app = session.startApp(name, ScenarioOptions.Variant.FORECASTER, session.appSettings(applicationId, topics))) {
                    app.awaitReady();
                    long ready = (System.nanoTime() - launched) / 1_000_000;
                    int warm = probe(app);
                    app.close();
                    long rocksDb = app.rocksDbBytes();
                    long restore = ready - empty;
                    runs.add(new Run(round, ready, empty, restore, options.series / (Math.max(1, restore) / 1000.0),
                            rocksDb, rocksDb / (double) options.series, PROBES, warm));
                    LOG.info("Round {}: ready after {} ms (empty changelog: {} ms), {} of {} probed series warm, RocksDB {} B/series",
                            round, ready, empty, warm, PROBES, Math.round(rocksDb / (double) options.series));
                }
                session.removeAppFiles(name);
            }
        }
        Map<String, Object> setup = Reports.setup(options);
        setup.put("versions", versions);
        setup.put("rounds", rounds);
        setup.put("changelog", changelog);
        setup.put("ringSize", Integer.parseInt(options.settings.getOrDefault(StreamSettings.RING_BUFFER_SIZE.key(),
                StreamSettings.RING_BUFFER_SIZE.defaultValue())));
        LOG.info("Results: {}", Reports.write(options, "restore", startedAt, setup, Reports.environment(loadBefore), runs));
        return 0;
    }

    /** Starts an app on an empty changelog and returns the time from launch to ready. */
    private static Duration startAndStop(BenchmarkSession session, String name, String applicationId,
                                         BenchmarkSession.Topics topics) {
        long launched = System.nanoTime();
        try (BenchmarkApp app = session.startApp(name, ScenarioOptions.Variant.FORECASTER, session.appSettings(applicationId, topics))) {
            app.awaitReady();
            return Duration.ofNanos(System.nanoTime() - launched);
        } finally {
            session.removeAppFiles(name);
        }
    }

    /** The encoded states of {@value #TEMPLATES} series that have seen {@value #POINTS} points each. */
    private byte[][] templates(BenchmarkSession session) throws SnapshotException {
        Forecaster forecaster = SnapshotCodec.decode(session.snapshot);
        int ring = Integer.parseInt(options.settings.getOrDefault(StreamSettings.RING_BUFFER_SIZE.key(),
                StreamSettings.RING_BUFFER_SIZE.defaultValue()));
        SeriesStateCodec codec = new SeriesStateCodec();
        StepResult result = new StepResult();
        byte[][] templates = new byte[TEMPLATES][];
        for (int k = 0; k < TEMPLATES; k++) {
            SeriesState state = new SeriesState(ring);
            for (int i = 0; i < POINTS; i++) {
                forecaster.observe(state, SyntheticSeries.START_MILLIS + i * SyntheticSeries.STEP_MILLIS,
                        SyntheticSeries.value(k, i), null, result);
            }
            templates[k] = codec.encode(state);
        }
        return templates;
    }

    private Changelog writeChangelog(BenchmarkSession session, String topic, byte[][] templates) {
        session.stack.createTopic(topic, options.partitions,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        Map<String, Object> config = new HashMap<>(session.stack.clientConfig());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long started = System.nanoTime();
        long bytes = 0;
        // The store's key is the observation's key bytes (the series id in UTF-8), and the default partitioner
        // hashes those bytes as it does the observation's: each state lands in the partition of its task.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int v = 0; v < versions; v++) {
                for (int k = 0; k < options.series; k++) {
                    byte[] state = templates[k % templates.length];
                    producer.send(new ProducerRecord<>(topic, SyntheticSeries.id(k).getBytes(StandardCharsets.UTF_8), state));
                    bytes += state.length;
                }
            }
            producer.flush();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        for (byte[] t : templates) {
            min = Math.min(min, t.length);
            max = Math.max(max, t.length);
            sum += t.length;
        }
        LOG.info("Changelog {}: {} series x {} versions, {} MB of state, written in {} s", topic, options.series, versions,
                bytes >> 20, millis / 1000);
        return new Changelog(options.series, versions, (long) options.series * versions, bytes, min,
                sum / (double) templates.length, max, millis);
    }

    /** How many of {@value #PROBES} series spread over the key range the app serves warm (restored) states for. */
    private int probe(BenchmarkApp app) {
        int warm = 0;
        for (int i = 0; i < PROBES; i++) {
            int k = (int) ((long) i * options.series / PROBES);
            var response = app.get("/series/" + SyntheticSeries.id(k));
            try {
                JsonNode body = Reports.JSON.readTree(response.body());
                if (response.statusCode() == 200 && body.path("warm").asBoolean(false)) {
                    warm++;
                }
            } catch (java.io.IOException e) {
                LOG.warn("Unreadable /series answer for {}: {}", SyntheticSeries.id(k), response.body());
            }
        }
        return warm;
    }
}
