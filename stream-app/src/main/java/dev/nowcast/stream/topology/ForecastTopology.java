package dev.nowcast.stream.topology;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import dev.nowcast.avro.Anomaly;
import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.config.ModelBinding;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.stream.metrics.NowcastMetrics;
import dev.nowcast.stream.serving.ModelRegistry;
import dev.nowcast.stream.serving.SnapshotProcessor;
import dev.nowcast.stream.serving.SnapshotRejectionSink;

/**
 * Builds the forecasting topology:
 *
 * <pre>
 *  nowcast.model-weights ──▶ [model-weights processor] ──▶ (global store model-weights) + ModelRegistry
 *
 *  observation topics of model M ──▶ [forecast-M] ◀──▶ (store series-M, changelogged)
 *                                         ├──▶ nowcast.predictions
 *                                         ├──▶ nowcast.anomalies
 *                                         └──▶ nowcast.dead-letters
 * </pre>
 * Inputs are read as raw bytes and decoded inside the processor, so that an undecodable record becomes a dead
 * letter with its original bytes instead of a deserialisation failure deep inside Kafka Streams.
 */
public final class ForecastTopology {

    public static final String WEIGHTS_STORE = "model-weights";
    static final String PREDICTIONS_SINK = "predictions";
    static final String ANOMALIES_SINK = "anomalies";
    static final String DEAD_LETTERS_SINK = "dead-letters";

    private ForecastTopology() {
    }

    /** The state store holding the series of {@code model}; its changelog is {@code <application.id>-series-<model>-changelog}. */
    public static String seriesStoreName(String model) {
        return "series-" + model;
    }

    /**
     * @param step       what each series' processor computes: {@link SeriesStep#FORECASTER} in production
     * @param registry   the models in service, filled by the snapshot processor and read by the forecast processors
     * @param rejections where refused snapshots are dead-lettered (global processors cannot forward)
     */
    public static Topology build(TopologySpec spec, SeriesStep step, ModelRegistry registry, NowcastMetrics metrics,
                                 SnapshotRejectionSink rejections) {
        Topology topology = new Topology();

        SpecificAvroDeserializer<WeightSnapshot> snapshots = deserializer(WeightSnapshot.class, spec);
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WEIGHTS_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                "model-weights-source", new StringDeserializer(), new ByteArrayDeserializer(), spec.weightsTopic(),
                "model-weights-processor",
                () -> new SnapshotProcessor(WEIGHTS_STORE, spec.weightsTopic(), snapshots, registry, metrics, rejections,
                        spec.verificationKey(), spec.anomalyThreshold()));

        SpecificAvroDeserializer<Observation> observations = deserializer(Observation.class, spec);
        List<String> processors = new ArrayList<>();
        for (ModelBinding binding : spec.models()) {
            metrics.registerSnapshotCounters(binding.model(), SnapshotProcessor.REJECTION_REASONS);
            metrics.model(binding.model());
            String source = "source-" + binding.model();
            String processor = "forecast-" + binding.model();
            String store = seriesStoreName(binding.model());
            topology.addSource(source, new ByteArrayDeserializer(), new ByteArrayDeserializer(),
                    binding.topics().toArray(String[]::new));
            topology.addProcessor(processor, () -> new ForecastProcessor(binding.model(), store, spec, observations, step,
                    registry.slot(binding.model()), metrics.model(binding.model()), metrics), source);
            topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.Bytes(), Serdes.ByteArray()), processor);
            processors.add(processor);
        }
        String[] parents = processors.toArray(String[]::new);
        topology.addSink(PREDICTIONS_SINK, spec.predictionsTopic(), new ByteArraySerializer(),
                ForecastTopology.<Prediction>serializer(spec), parents);
        topology.addSink(ANOMALIES_SINK, spec.anomaliesTopic(), new ByteArraySerializer(),
                ForecastTopology.<Anomaly>serializer(spec), parents);
        topology.addSink(DEAD_LETTERS_SINK, spec.deadLettersTopic(), new ByteArraySerializer(),
                ForecastTopology.<DeadLetter>serializer(spec), parents);
        return topology;
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroDeserializer<T> deserializer(
            Class<T> type, TopologySpec spec) {
        SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(type);
        deserializer.configure(spec.serdeConfig(), false);
        return deserializer;
    }

    /** A serializer for one output type; shared by all stream threads (the serdes are thread-safe). */
    static <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerializer<T> serializer(TopologySpec spec) {
        SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
        serializer.configure(spec.serdeConfig(), false);
        return serializer;
    }
}
