package dev.nowcast.bench.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.nowcast.avro.ForecastStep;
import dev.nowcast.avro.Prediction;
import dev.nowcast.schemas.registry.InMemorySchemaRegistry;
import dev.nowcast.schemas.serde.SpecificAvroSerde;

/**
 * Serializing and deserializing a {@link Prediction} with one forecast step in Confluent's wire format, once the
 * schema id is cached (the steady state of a producer or a Streams task: no registry call per record). The
 * in-memory registry stands in for the real one, which is only asked before the first measured call.
 *
 * <p>Target: at most 1.5 microseconds each way (median). Run: {@code java -jar benchmarks/target/benchmarks.jar
 * PredictionSerdeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PredictionSerdeBenchmark {

    private static final String SCOPE = "prediction-serde-benchmark";
    private static final String TOPIC = "nowcast.predictions";

    private SpecificAvroSerde<Prediction> serde;
    private Prediction prediction;
    private byte[] bytes;

    @Setup
    public void setUp() {
        serde = new SpecificAvroSerde<>(Prediction.class);
        serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
        Instant observedAt = Instant.parse("2026-03-01T12:00:00Z");
        prediction = Prediction.newBuilder().setSeriesId("sensor-17").setModel("sensors").setModelVersion(3)
                .setObservedAt(observedAt).setObservedValue(21.5).setWarm(true)
                .setSteps(List.of(ForecastStep.newBuilder().setHorizon(1).setTargetTime(observedAt.plusSeconds(60))
                        .setMean(21.7).setStddev(0.4).setP10(21.19).setP50(21.7).setP90(22.21).setProbUp(0.69).build()))
                .build();
        // Registers the schema and caches its id (serializer) and the writer schema and reader (deserializer).
        bytes = serde.serializer().serialize(TOPIC, prediction);
        if (!prediction.equals(serde.deserializer().deserialize(TOPIC, bytes))) {
            throw new IllegalStateException("The serde does not round-trip the benchmark's Prediction");
        }
    }

    @TearDown
    public void tearDown() {
        serde.close();
        InMemorySchemaRegistry.dropScope(SCOPE);
    }

    @Benchmark
    public byte[] serialize() {
        return serde.serializer().serialize(TOPIC, prediction);
    }

    @Benchmark
    public Prediction deserialize() {
        return serde.deserializer().deserialize(TOPIC, bytes);
    }
}
