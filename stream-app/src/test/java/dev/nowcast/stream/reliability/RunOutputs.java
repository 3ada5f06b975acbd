package dev.nowcast.stream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.nowcast.stream.testing.StreamAppFixture;

/**
 * What one run of the app left in Kafka, read with {@code read_committed} to the end of each topic: every
 * prediction and anomaly by series and event time (the record timestamp is the observation's) with its exact Avro
 * payload, and the last state of every series in the store's changelog. Two runs over the same input and snapshot
 * compare equal only if nothing was lost, doubled or computed differently.
 *
 * @param predictions payloads by {@code series@eventTime}; more than one payload is a doubled prediction
 * @param anomalies   the same for anomalies
 * @param finalStates the last changelog value of every series (tombstones remove the series)
 */
record RunOutputs(Map<String, List<byte[]>> predictions, Map<String, List<byte[]>> anomalies,
                  Map<String, byte[]> finalStates) {

    /** Confluent framing: magic byte and schema id, which may differ between topics for the same schema. */
    private static final int WIRE_HEADER = 5;

    /** Reads the outputs of {@code app}'s application; call it once its instances are stopped. */
    static RunOutputs read(StreamAppFixture app) {
        Map<String, List<byte[]>> predictions = new HashMap<>();
        Map<String, List<byte[]>> anomalies = new HashMap<>();
        Map<String, byte[]> states = new HashMap<>();
        readToEnd(app, app.predictions, (key, r) -> predictions.computeIfAbsent(eventKey(key, r), k -> new ArrayList<>())
                .add(payload(r)));
        readToEnd(app, app.anomalies, (key, r) -> anomalies.computeIfAbsent(eventKey(key, r), k -> new ArrayList<>())
                .add(payload(r)));
        readToEnd(app, app.changelogTopic(), (key, r) -> {
            if (r.value() == null) {
                states.remove(key);
            } else {
                states.put(key, r.value());
            }
        });
        return new RunOutputs(predictions, anomalies, states);
    }

    int predictionCount() {
        return predictions.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Asserts exactly one prediction for each of {@code expected} observations, and the same predictions, anomalies
     * and final series states, bit for bit, as {@code reference}.
     */
    void assertSameAs(RunOutputs reference, int expected) {
        assertThat(reference.predictionCount()).as("predictions of the reference run").isEqualTo(expected);
        Map<String, Integer> doubled = predictions.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size(), (a, b) -> a, TreeMap::new));
        assertThat(doubled).as("observations with more than one prediction").isEmpty();
        assertThat(new TreeMap<>(predictions).keySet()).as("observations predicted")
                .containsExactlyInAnyOrderElementsOf(reference.predictions.keySet());
        assertSameBits("prediction", predictions, reference.predictions);
        assertSameBits("anomaly", anomalies, reference.anomalies);
        assertThat(new TreeMap<>(finalStates).keySet()).as("series in the changelog")
                .containsExactlyInAnyOrderElementsOf(reference.finalStates.keySet());
        List<String> differentStates = finalStates.keySet().stream()
                .filter(k -> !Arrays.equals(finalStates.get(k), reference.finalStates.get(k))).sorted().toList();
        assertThat(differentStates).as("series whose final state differs from the reference run's").isEmpty();
    }

    private static void assertSameBits(String what, Map<String, List<byte[]>> actual, Map<String, List<byte[]>> reference) {
        assertThat(actual.keySet()).as(what + "s").containsExactlyInAnyOrderElementsOf(reference.keySet());
        List<String> different = actual.keySet().stream()
                .filter(k -> actual.get(k).size() != reference.get(k).size()
                        || !Arrays.equals(actual.get(k).get(0), reference.get(k).get(0)))
                .sorted().limit(10).toList();
        assertThat(different).as(what + "s whose bytes differ from the reference run's (first 10)").isEmpty();
    }

    private static String eventKey(String key, ConsumerRecord<byte[], byte[]> record) {
        return key + "@" + record.timestamp();
    }

    private static byte[] payload(ConsumerRecord<byte[], byte[]> record) {
        byte[] value = record.value();
        assertThat(value[0]).as("magic byte of %s-%d@%d", record.topic(), record.partition(), record.offset()).isZero();
        return Arrays.copyOfRange(value, WIRE_HEADER, value.length);
    }

    private static void readToEnd(StreamAppFixture app, String topic, BiConsumer<String, ConsumerRecord<byte[], byte[]>> sink) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(app.kafka.consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed these are the last stable offsets: nothing beyond is committed yet.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end + " within 120 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    sink.accept(new String(r.key(), StandardCharsets.UTF_8), r);
                }
            }
        }
    }
}
