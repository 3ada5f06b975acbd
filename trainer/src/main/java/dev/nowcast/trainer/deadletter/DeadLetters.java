package dev.nowcast.trainer.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.trainer.kafka.KafkaClients;

/**
 * The dead-letter topic as an operator uses it: read what was rejected, and re-drive selected records to the
 * topics they came from once the cause is fixed. A replayed record is the original key and value bytes with the
 * original timestamp, so the stream processor applies its usual rules to it: a point the series has already moved
 * past is LATE (dead-lettered again), one it already holds is a duplicate (dropped), and only points it never
 * accepted are processed. Replaying twice therefore forecasts nothing twice.
 */
public final class DeadLetters {

    private static final Duration POLL = Duration.ofMillis(500);
    /** Reasons whose records are not observations: a refused weight snapshot is republished by training again. */
    private static final DeadLetterReason NOT_REPLAYED = DeadLetterReason.INVALID_SNAPSHOT;

    private DeadLetters() {
    }

    /** One dead letter and where it sits in the dead-letter topic. */
    public record Entry(int partition, long offset, DeadLetter letter) {
    }

    /** What a replay did. */
    public record ReplayResult(int replayed, int skipped, List<String> skippedWhy) {
    }

    /**
     * The dead letters of {@code topic} that {@code selection} takes, oldest rejection first, read up to the
     * topic's end as of the call.
     */
    public static List<Entry> read(KafkaClients clients, String topic, DeadLetterSelection selection) {
        Deserializer<DeadLetter> values = clients.valueDeserializer(DeadLetter.class);
        List<Entry> entries = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer = clients.byteConsumer("nowcast-dead-letters")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
                        DeadLetter letter = values.deserialize(topic, r.headers(), r.value());
                        if (letter != null && selection.matches(letter)) {
                            entries.add(new Entry(r.partition(), r.offset(), letter));
                        }
                    }
                }
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.letter().getFailedAt()).thenComparing(Entry::partition)
                .thenComparing(Entry::offset));
        return entries.size() > selection.limit() ? List.copyOf(entries.subList(0, selection.limit())) : entries;
    }

    /**
     * Produces each entry's original key and value, with its original timestamp, to its source topic (in the
     * order given), through an idempotent producer; entries that are not observations or have no value are
     * skipped, each with why.
     */
    public static ReplayResult replay(KafkaClients clients, List<Entry> entries)
            throws ExecutionException, InterruptedException {
        List<String> skipped = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = clients.byteProducer("nowcast-dead-letters-replay")) {
            for (Entry e : entries) {
                DeadLetter letter = e.letter();
                String why = letter.getReason() == NOT_REPLAYED ? "a weight snapshot (train again to republish)"
                        : letter.getValue() == null ? "no value" : null;
                if (why != null) {
                    skipped.add(e.partition() + "@" + e.offset() + " (" + letter.getReason() + "): " + why);
                    continue;
                }
                sent.add(producer.send(new ProducerRecord<>(letter.getSourceTopic(), null,
                        letter.getRecordTimestamp() == null ? null : letter.getRecordTimestamp().toEpochMilli(),
                        bytes(letter.getKey()), bytes(letter.getValue()))));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
        return new ReplayResult(sent.size(), skipped.size(), List.copyOf(skipped));
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        java.nio.ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
