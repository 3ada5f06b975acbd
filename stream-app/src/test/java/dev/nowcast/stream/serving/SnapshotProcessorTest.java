package dev.nowcast.stream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.model.snapshot.SnapshotSigning;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.stream.metrics.NowcastMetrics;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;

/**
 * A restarted instance: Kafka Streams re-reads the weights topic only from the global store's checkpoint, so what
 * was accepted before the restart must come from the store the processor kept (a TopologyTestDriver removes its
 * state on close, so this runs the processor in a mock context over one store, as two lives of an instance).
 */
class SnapshotProcessorTest {

    private static final String TOPIC = "nowcast.model-weights";

    private final Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://" + UUID.randomUUID());
    private final SpecificAvroSerializer<WeightSnapshot> serializer = new SpecificAvroSerializer<>();
    private final List<DeadLetter> letters = new ArrayList<>();
    private KeyValueStore<String, byte[]> store;
    private MockProcessorContext<Void, Void> context;

    @BeforeEach
    void store() {
        serializer.configure(serdeConfig, false);
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("model-weights"), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aRestartedInstanceServesTheSnapshotItsStoreKeptBeforeReadingAnyRecord() {
        ModelRegistry before = new ModelRegistry(List.of("sensors"));
        processor(before, null).process(record(TestModels.snapshot("sensors", 3)));
        assertThat(before.slot("sensors").serving().version()).isEqualTo(3);

        ModelRegistry afterRestart = new ModelRegistry(List.of("sensors", "prices"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SnapshotProcessor restarted = new SnapshotProcessor("model-weights", TOPIC, deserializer(), afterRestart,
                new NowcastMetrics(meters), (key, letter) -> letters.add(letter), null, 3.0);
        restarted.init(context);

        assertThat(afterRestart.slot("sensors").serving().version()).isEqualTo(3);
        assertThat(afterRestart.slot("sensors").serving().sha256())
                .isEqualTo(before.slot("sensors").serving().sha256());
        assertThat(afterRestart.missing()).containsExactly("prices");
        assertThat(meters.get("nowcast.snapshots.accepted").tag("model", "sensors").counter().count()).isEqualTo(1);
        assertThat(letters).isEmpty();
    }

    @Test
    void aKeptSnapshotThatNoLongerVerifiesIsNotServed() {
        processor(new ModelRegistry(List.of("sensors")), null).process(record(TestModels.snapshot("sensors", 3)));

        // Restarted with a verification key: the unsigned snapshot it kept does not qualify any more.
        KeyPair trusted = TestModels.ed25519();
        ModelRegistry afterRestart = new ModelRegistry(List.of("sensors"));
        processor(afterRestart, trusted);
        assertThat(afterRestart.missing()).containsExactly("sensors");

        processor(afterRestart, trusted).process(record(SnapshotSigning.sign(TestModels.snapshot("sensors", 4),
                trusted.getPrivate(), "trainer")));
        assertThat(afterRestart.slot("sensors").serving().version()).isEqualTo(4);
    }

    private SnapshotProcessor processor(ModelRegistry registry, KeyPair verification) {
        SnapshotProcessor processor = new SnapshotProcessor("model-weights", TOPIC, deserializer(), registry,
                new NowcastMetrics(new SimpleMeterRegistry()), (key, letter) -> letters.add(letter),
                verification == null ? null : verification.getPublic(), 3.0);
        processor.init(context);
        return processor;
    }

    private SpecificAvroDeserializer<WeightSnapshot> deserializer() {
        SpecificAvroDeserializer<WeightSnapshot> deserializer = new SpecificAvroDeserializer<>(WeightSnapshot.class);
        deserializer.configure(serdeConfig, false);
        return deserializer;
    }

    private Record<String, byte[]> record(dev.nowcast.model.snapshot.ModelSnapshot snapshot) {
        return new Record<>(snapshot.model(), serializer.serialize(TOPIC, WeightSnapshotMapping.toAvro(snapshot)),
                snapshot.createdAt());
    }
}
