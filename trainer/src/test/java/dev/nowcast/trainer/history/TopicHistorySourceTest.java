package dev.nowcast.trainer.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import dev.nowcast.avro.Observation;
import dev.nowcast.model.data.Series;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;

class TopicHistorySourceTest {
    private static final String TOPIC = "observations";
    private static final Map<String, Object> REGISTRY = Map.of("schema.registry.url", "mock://topic-history-test");

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.NONE.name());
    private final SpecificAvroSerializer<Observation> serializer = new SpecificAvroSerializer<>();
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final long[] nextOffset = new long[2];

    TopicHistorySourceTest() {
        serializer.configure(REGISTRY, false);
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, node, null, null),
                new PartitionInfo(TOPIC, 1, node, null, null)));
    }

    private void add(int partition, String key, Observation value) {
        add(partition, key, value == null ? null : serializer.serialize(TOPIC, value));
    }

    private void add(int partition, String key, byte[] value) {
        records.add(new ConsumerRecord<>(TOPIC, partition, nextOffset[partition]++,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static Observation obs(String id, long t, double v, double... covariates) {
        List<Double> c = new ArrayList<>();
        for (double x : covariates) {
            c.add(x);
        }
        return Observation.newBuilder().setSeriesId(id).setTimestamp(Instant.ofEpochMilli(t)).setValue(v)
                .setCovariates(c).build();
    }

    /** Serves the records added so far, with end offsets {@code end}, over several polls. */
    private History read(Map<Integer, Long> end, HistoryLimits limits) throws IOException {
        Map<TopicPartition, Long> beginning = Map.of(new TopicPartition(TOPIC, 0), 0L, new TopicPartition(TOPIC, 1), 0L);
        consumer.updateBeginningOffsets(beginning);
        Map<TopicPartition, Long> ends = new java.util.HashMap<>();
        end.forEach((p, o) -> ends.put(new TopicPartition(TOPIC, p), o));
        consumer.updateEndOffsets(ends);
        // Two records per poll, so that the read has to loop.
        for (int i = 0; i < records.size(); i += 2) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.subList(i, Math.min(records.size(), i + 2));
            consumer.schedulePollTask(() -> batch.forEach(r -> {
                if (consumer.assignment().contains(new TopicPartition(r.topic(), r.partition()))
                        && !consumer.paused().contains(new TopicPartition(r.topic(), r.partition()))) {
                    consumer.addRecord(r);
                }
            }));
        }
        Deserializer<Observation> values = new SpecificAvroDeserializer<>(Observation.class);
        values.configure(REGISTRY, false);
        return new TopicHistorySource(List.of(TOPIC), () -> consumer, () -> values)
                .read(limits, HistorySource.ReadProgress.NONE, () -> false);
    }

    @Test
    void readsUpToTheEndOffsetsSeenAtStartAndCountsWhatItCannotUse() throws IOException {
        add(0, "a", obs("a", 1000, 1));
        add(0, "a", new byte[] {0, 0, 0, 0, 42, 1}); // unknown schema id
        add(0, "a", new byte[] {7, 7, 7}); // no magic byte
        add(0, "a", (byte[]) null); // tombstone
        add(0, "x", obs("a", 2000, 2)); // key differs from seriesId
        add(0, "a", obs("a", 3000, Double.NaN));
        add(0, "a", obs("a", 3000, 3));
        add(0, "a", obs("a", 3000, 4)); // duplicate
        add(1, "b", obs("b", 1000, 10));
        add(1, "b", obs("b", 2000, 20));
        add(1, "b", obs("b", 3000, 30)); // beyond the end offset: produced after the read started

        History h = read(Map.of(0, 8L, 1, 2L), HistoryLimits.defaults());

        assertThat(h.series()).extracting(Series::key).containsExactly("a", "b");
        assertThat(h.series().get(0).values()).containsExactly(1, 3);
        assertThat(h.series().get(1).values()).containsExactly(10, 20);
        assertThat(h.stats().records()).isEqualTo(10);
        assertThat(h.stats().rejected()).containsEntry(Rejection.UNDECODABLE, 3L)
                .containsEntry(Rejection.KEY_MISMATCH, 1L).containsEntry(Rejection.NON_FINITE, 1L)
                .containsEntry(Rejection.DUPLICATE, 1L);
    }

    @Test
    void carriesCovariatesThrough() throws IOException {
        add(0, "a", obs("a", 1000, 1, 5, 6));
        add(0, "a", obs("a", 2000, 2, 7, 8));

        History h = read(Map.of(0, 2L, 1, 0L), HistoryLimits.defaults());

        assertThat(h.series()).singleElement().satisfies(s -> {
            assertThat(s.covariateCount()).isEqualTo(2);
            assertThat(s.covariates()).containsExactly(5, 6, 7, 8);
        });
    }

    @Test
    void aMissingTopicIsAClearError() {
        TopicHistorySource source = new TopicHistorySource(List.of("nope"), () -> consumer, () -> null);

        assertThatThrownBy(() -> source.read(HistoryLimits.defaults(), HistorySource.ReadProgress.NONE, () -> false))
                .isInstanceOf(IOException.class).hasMessage("topic nope does not exist");
    }

    @Test
    void stopsWhenCancelled() {
        add(0, "a", obs("a", 1000, 1));
        Map<TopicPartition, Long> offsets = Map.of(new TopicPartition(TOPIC, 0), 0L, new TopicPartition(TOPIC, 1), 0L);
        consumer.updateBeginningOffsets(offsets);
        consumer.updateEndOffsets(Map.of(new TopicPartition(TOPIC, 0), 1L, new TopicPartition(TOPIC, 1), 0L));
        TopicHistorySource source = new TopicHistorySource(List.of(TOPIC), () -> consumer, () -> null);

        assertThatThrownBy(() -> source.read(HistoryLimits.defaults(), HistorySource.ReadProgress.NONE, () -> true))
                .isInstanceOf(java.util.concurrent.CancellationException.class);
    }
}
