package dev.nowcast.bench.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.nowcast.avro.Observation;
import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.bench.e2e.BenchmarkModel;
import dev.nowcast.bench.e2e.FloorStep;
import dev.nowcast.bench.e2e.SyntheticSeries;
import dev.nowcast.config.ModelBinding;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.stream.metrics.NowcastMetrics;
import dev.nowcast.stream.serving.ModelRegistry;
import dev.nowcast.stream.serving.SnapshotProcessor;
import dev.nowcast.stream.topology.ForecastProcessor;
import dev.nowcast.stream.topology.ForecastTopology;
import dev.nowcast.stream.topology.SeriesStep;
import dev.nowcast.stream.topology.TopologySpec;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;

/**
 * What the stream app's per-event path allocates: {@link ForecastProcessor#process} driven directly (no broker,
 * no driver) over {@value #SERIES} series, one observation of each per invocation, for the forecaster (LSTM 32)
 * and for the benchmark floor ({@link FloorStep}: the same guard, state get and put, and output record, without the
 * model). Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is bytes per event. The floor allocates what every event needs
 * (the deserialized observation, the encoded state the store keeps, the output record and its headers, and
 * {@link MockProcessorContext}'s capture of each forward); the forecaster's excess over it is what the model path
 * allocates.
 *
 * <p>The observations are serialized once per series and their timestamp and value patched in place for every
 * step, so the benchmark itself allocates nothing per event: timestamps stay between 2001 and 2039, where their
 * Avro varint is always 6 bytes long.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "@jvm.options"})
public class ForecastProcessorBenchmark {

    private static final int SERIES = 1000;
    private static final String TOPIC = "nowcast.observations.bench";
    private static final long LAST_SIX_BYTE_VARINT_MILLIS = (1L << 41) - 1;

    @Param({"forecaster", "floor"})
    public String path;

    @Param({"1"})
    public int horizon;

    private final MockProcessorContext<byte[], Object> context = new MockProcessorContext<>();
    private KeyValueStore<Bytes, byte[]> store;
    private ForecastProcessor processor;
    private byte[][] keys;
    private byte[][] values;
    private int[] patchAt;
    private long step;

    @Setup
    public void setUp() {
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + UUID.randomUUID());
        ModelRegistry registry = new ModelRegistry(List.of(BenchmarkModel.NAME));
        NowcastMetrics metrics = new NowcastMetrics(new SimpleMeterRegistry());
        install(registry, metrics, serdeConfig);

        TopologySpec spec = new TopologySpec(List.of(new ModelBinding(BenchmarkModel.NAME, List.of(TOPIC))),
                "nowcast.predictions", "nowcast.anomalies", "nowcast.dead-letters", "nowcast.model-weights", 48, 3.0,
                Instant.parse("1900-01-01T00:00:00Z"), Duration.ofHours(24), 4096, serdeConfig, null);
        String storeName = ForecastTopology.seriesStoreName(BenchmarkModel.NAME);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(storeName), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        context.setCurrentSystemTimeMs(LAST_SIX_BYTE_VARINT_MILLIS);
        context.setRecordMetadata(TOPIC, 0, 0);
        SpecificAvroDeserializer<Observation> observations = new SpecificAvroDeserializer<>(Observation.class);
        observations.configure(serdeConfig, false);
        SeriesStep seriesStep = path.equals("floor") ? new FloorStep() : SeriesStep.FORECASTER;
        processor = new ForecastProcessor(BenchmarkModel.NAME, storeName, spec, observations, seriesStep,
                registry.slot(BenchmarkModel.NAME), metrics.model(BenchmarkModel.NAME), metrics);
        processor.init(context);

        SpecificAvroSerializer<Observation> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig, false);
        keys = new byte[SERIES][];
        values = new byte[SERIES][];
        patchAt = new int[SERIES];
        for (int k = 0; k < SERIES; k++) {
            String id = "series-" + k;
            keys[k] = id.getBytes(StandardCharsets.UTF_8);
            values[k] = serializer.serialize(TOPIC, new Observation(id, Instant.ofEpochMilli(SyntheticSeries.START_MILLIS),
                    0.0, List.of()));
            // Confluent header (5 bytes), then the seriesId string: its zig-zag varint length and its bytes.
            patchAt[k] = 5 + 1 + keys[k].length;
        }
        // Warm every series past the model's warm-up, so that the measured events are forecasts.
        for (int i = 0; i < 60; i++) {
            events();
        }
        Observation check = observations.deserialize(TOPIC, values[SERIES - 1]);
        if (check.getTimestamp().toEpochMilli() != timestamp(step - 1)
                || check.getValue() != SyntheticSeries.value(SERIES - 1, step - 1)) {
            throw new IllegalStateException("patched observation reads back as " + check);
        }
    }

    /** One observation of every series: {@value #SERIES} events. */
    @Benchmark
    @OperationsPerInvocation(SERIES)
    public void events() {
        long timestamp = timestamp(step);
        for (int k = 0; k < SERIES; k++) {
            patch(values[k], patchAt[k], timestamp, SyntheticSeries.value(k, step));
            processor.process(new Record<>(keys[k], values[k], timestamp));
        }
        context.resetForwards();
        step++;
    }

    @TearDown(Level.Iteration)
    public void stillInRange() {
        if (timestamp(step) > LAST_SIX_BYTE_VARINT_MILLIS) {
            throw new IllegalStateException("ran past the timestamps whose varint is 6 bytes; shorten the run");
        }
    }

    @TearDown
    public void close() {
        store.close();
    }

    private static long timestamp(long step) {
        return SyntheticSeries.START_MILLIS + step * SyntheticSeries.STEP_MILLIS;
    }

    /** Writes the timestamp (zig-zag varint, 6 bytes here) and the value (little-endian double) after the id. */
    private static void patch(byte[] value, int at, long timestamp, double observed) {
        long zigzag = timestamp << 1;
        for (int i = 0; i < 5; i++) {
            value[at++] = (byte) ((zigzag & 0x7F) | 0x80);
            zigzag >>>= 7;
        }
        value[at++] = (byte) zigzag;
        ByteBuffer.wrap(value, at, 8).order(ByteOrder.LITTLE_ENDIAN).putDouble(observed);
    }

    /** Serves the benchmark model the way the app does: a snapshot record through the global store's processor. */
    private void install(ModelRegistry registry, NowcastMetrics metrics, Map<String, Object> serdeConfig) {
        MockProcessorContext<Void, Void> global = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> weights = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("weights"),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        weights.init(global.getStateStoreContext(), weights);
        global.addStateStore(weights);
        global.setCurrentSystemTimeMs(System.currentTimeMillis());
        SpecificAvroSerializer<WeightSnapshot> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig, false);
        SpecificAvroDeserializer<WeightSnapshot> deserializer = new SpecificAvroDeserializer<>(WeightSnapshot.class);
        deserializer.configure(serdeConfig, false);
        SnapshotProcessor snapshots = new SnapshotProcessor("weights", "nowcast.model-weights", deserializer, registry,
                metrics, (key, letter) -> {
                    throw new IllegalStateException("benchmark snapshot rejected: " + letter);
                }, null, 3.0);
        snapshots.init(global);
        byte[] snapshot = serializer.serialize("nowcast.model-weights",
                WeightSnapshotMapping.toAvro(BenchmarkModel.train(CellType.LSTM, 32, horizon)));
        snapshots.process(new Record<>(BenchmarkModel.NAME, snapshot, 0L));
        if (registry.slot(BenchmarkModel.NAME).serving() == null) {
            throw new IllegalStateException("benchmark model not served");
        }
    }
}
