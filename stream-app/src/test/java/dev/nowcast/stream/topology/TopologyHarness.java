package dev.nowcast.stream.topology;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.common.utils.Bytes;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.nowcast.avro.Anomaly;
import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.config.ModelBinding;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.stream.metrics.NowcastMetrics;
import dev.nowcast.stream.serving.ModelRegistry;
import dev.nowcast.stream.state.SeriesStateCodec;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;

/**
 * The forecasting topology in a {@link TopologyTestDriver}, with an in-memory registry ({@code mock://}), one
 * model ({@value #MODEL}) on one topic, typed input and output topics, and the app's meters in a simple registry.
 * Public for the benchmarks' tests, which drive the topology with their floor step.
 */
public final class TopologyHarness implements AutoCloseable {

    static final String MODEL = "sensors";
    static final String OBSERVATIONS = "nowcast.observations.sensors";
    static final String WEIGHTS = "nowcast.model-weights";
    static final String PREDICTIONS = "nowcast.predictions";
    static final String ANOMALIES = "nowcast.anomalies";
    static final String DEAD_LETTERS = "nowcast.dead-letters";
    /** The wall clock of the driver: late 2026, so that the 2001 event times of the tests are plausible. */
    static final Instant WALL_CLOCK = Instant.parse("2026-11-22T00:00:00Z");

    final Map<String, Object> serdeConfig;
    final ModelRegistry registry = new ModelRegistry(List.of(MODEL));
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<DeadLetter> rejectedSnapshots = new ArrayList<>();
    final TopologyTestDriver driver;
    final TestInputTopic<String, Observation> observations;
    final TestInputTopic<byte[], byte[]> rawObservations;
    final TestInputTopic<String, WeightSnapshot> weights;
    final TestInputTopic<String, byte[]> rawWeights;
    public final TestOutputTopic<String, Prediction> predictions;
    final TestOutputTopic<String, Anomaly> anomalies;
    final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final SpecificAvroSerializer<Observation> observationSerializer = new SpecificAvroSerializer<>();

    public TopologyHarness(Path stateDir) {
        this(stateDir, null, 3.0, SeriesStep.FORECASTER);
    }

    TopologyHarness(Path stateDir, java.security.PublicKey verificationKey, double anomalyThreshold) {
        this(stateDir, verificationKey, anomalyThreshold, SeriesStep.FORECASTER);
    }

    /** The topology with another per-series step (the benchmarks' floor). */
    public TopologyHarness(Path stateDir, SeriesStep step) {
        this(stateDir, null, 3.0, step);
    }

    private TopologyHarness(Path stateDir, java.security.PublicKey verificationKey, double anomalyThreshold,
                            SeriesStep step) {
        serdeConfig = Map.of("schema.registry.url", "mock://" + UUID.randomUUID());
        TopologySpec spec = new TopologySpec(List.of(new ModelBinding(MODEL, List.of(OBSERVATIONS))), PREDICTIONS,
                ANOMALIES, DEAD_LETTERS, WEIGHTS, 48, anomalyThreshold, Instant.parse("1900-01-01T00:00:00Z"),
                Duration.ofHours(24), 4096, serdeConfig, verificationKey);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "nowcast-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ForecastTopology.build(spec, step, registry, new NowcastMetrics(meters),
                (key, letter) -> rejectedSnapshots.add(letter)), props, WALL_CLOCK);

        observationSerializer.configure(serdeConfig, false);
        observations = driver.createInputTopic(OBSERVATIONS, new StringSerializer(), observationSerializer);
        rawObservations = driver.createInputTopic(OBSERVATIONS, new ByteArraySerializer(), new ByteArraySerializer());
        SpecificAvroSerializer<WeightSnapshot> snapshotSerializer = new SpecificAvroSerializer<>();
        snapshotSerializer.configure(serdeConfig, false);
        weights = driver.createInputTopic(WEIGHTS, new StringSerializer(), snapshotSerializer);
        rawWeights = driver.createInputTopic(WEIGHTS, new StringSerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(PREDICTIONS, new StringDeserializer(), deserializer(Prediction.class));
        anomalies = driver.createOutputTopic(ANOMALIES, new StringDeserializer(), deserializer(Anomaly.class));
        deadLetters = driver.createOutputTopic(DEAD_LETTERS, new ByteArrayDeserializer(), deserializer(DeadLetter.class));
    }

    private <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroDeserializer<T> deserializer(Class<T> type) {
        SpecificAvroDeserializer<T> d = new SpecificAvroDeserializer<>(type);
        d.configure(serdeConfig, false);
        return d;
    }

    public void publish(ModelSnapshot snapshot) {
        weights.pipeInput(snapshot.model(), WeightSnapshotMapping.toAvro(snapshot), snapshot.createdAt());
    }

    public void observe(String series, long timestamp, double value, double... covariates) {
        List<Double> covs = new ArrayList<>();
        for (double c : covariates) {
            covs.add(c);
        }
        observations.pipeInput(series, new Observation(series, Instant.ofEpochMilli(timestamp), value, covs), timestamp);
    }

    /** The bytes our serializer writes for an observation (to corrupt them in tests). */
    byte[] observationBytes(Observation observation) {
        return observationSerializer.serialize(OBSERVATIONS, observation);
    }

    /** A Prediction, registered under another topic's subject, sent to the observation topic. */
    void publishForeignRecord() {
        SpecificAvroSerializer<Prediction> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig, false);
        Prediction prediction = new Prediction("s1", MODEL, 1L, Instant.ofEpochMilli(0), 1.0, false, List.of());
        rawObservations.pipeInput("s1".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                serializer.serialize("some.other.topic", prediction), 0L);
    }

    /** The stored state of {@code series}, decoded, or null. */
    public SeriesState state(String series) {
        KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(ForecastTopology.seriesStoreName(MODEL));
        byte[] bytes = store.get(Bytes.wrap(series.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        if (bytes == null) {
            return null;
        }
        SeriesState state = new SeriesState(48);
        new SeriesStateCodec().decode(bytes, state);
        return state;
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    double gauge(String name, String... tags) {
        return meters.get(name).tags(tags).gauge().value();
    }

    @Override
    public void close() {
        driver.close();
    }
}
