package dev.nowcast.trainer.history;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

import dev.nowcast.avro.Observation;
import dev.nowcast.schemas.serde.PoisonRecordException;
import dev.nowcast.trainer.kafka.KafkaClients;

/**
 * History from observation topics (key: series id, value: {@code Observation} through the registry serde): a
 * bounded read of every partition from the beginning, or from the first offset at or after {@code from}
 * ({@code offsetsForTimes}, so the Kafka timestamp is taken as event time, as {@code nowcast replay} writes
 * it), up to the end offsets seen when the read starts. Committed records only ({@code read_committed}: the
 * end offsets are then last stable offsets). Records produced during the read are not waited for, so the read
 * always ends.
 *
 * <p>Records are validated as the stream processor does before they reach the {@link SeriesSampler}:
 * undecodable values, keys that differ from the seriesId and non-finite numbers are counted by
 * {@link Rejection} and skipped, never fatal; late and duplicate points of a series are counted and skipped.
 * A registry that cannot be reached is fatal: it says nothing about the records.
 */
public final class TopicHistorySource implements HistorySource {
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** A read that makes no progress for this long fails rather than hang. */
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(120);
    private static final long PROGRESS_EVERY_MILLIS = 1000;

    private final List<String> topics;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Supplier<Deserializer<Observation>> deserializers;

    /** Reads {@code topics} through {@code clients}. */
    public TopicHistorySource(KafkaClients clients, List<String> topics) {
        this(topics, () -> clients.byteConsumer("nowcast-trainer-history"),
                () -> clients.valueDeserializer(Observation.class));
    }

    TopicHistorySource(List<String> topics, Supplier<Consumer<byte[], byte[]>> consumers,
                       Supplier<Deserializer<Observation>> deserializers) {
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("no topic to read");
        }
        this.topics = List.copyOf(topics);
        this.consumers = consumers;
        this.deserializers = deserializers;
    }

    @Override
    public History read(HistoryLimits limits, ReadProgress progress, BooleanSupplier cancelled) throws IOException {
        SeriesSampler sampler = new SeriesSampler(limits);
        try (Consumer<byte[], byte[]> consumer = consumers.get();
             Deserializer<Observation> values = deserializers.get()) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, METADATA_TIMEOUT);
            Map<TopicPartition, Long> start = startOffsets(consumer, partitions, limits.from(), end);
            Set<TopicPartition> remaining = new HashSet<>();
            long total = 0;
            for (TopicPartition tp : partitions) {
                long from = start.get(tp);
                consumer.seek(tp, from);
                if (from < end.get(tp)) {
                    remaining.add(tp);
                    total += end.get(tp) - from;
                } else {
                    consumer.pause(List.of(tp));
                }
            }
            long records = 0;
            long lastReport = System.currentTimeMillis();
            long lastAdvance = System.nanoTime();
            while (!remaining.isEmpty()) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("reading " + String.join(", ", topics) + " cancelled");
                }
                boolean advanced = false;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        offer(sampler, values, record);
                        records++;
                        advanced = true;
                    }
                }
                for (TopicPartition tp : new ArrayList<>(remaining)) {
                    // The position, not the last record's offset: transaction markers and aborted records
                    // take offsets but are never returned.
                    if (consumer.position(tp) >= end.get(tp)) {
                        remaining.remove(tp);
                        consumer.pause(List.of(tp));
                        advanced = true;
                    }
                }
                if (advanced) {
                    lastAdvance = System.nanoTime();
                } else if (System.nanoTime() - lastAdvance > STALL_TIMEOUT.toNanos()) {
                    throw new IOException("no progress reading " + remaining + " for " + STALL_TIMEOUT.toSeconds()
                            + " s (positions " + positions(consumer, remaining) + ", end offsets " + end + ")");
                }
                long now = System.currentTimeMillis();
                if (now - lastReport >= PROGRESS_EVERY_MILLIS) {
                    progress.onProgress(records, total == 0 ? 1.0 : Math.min(1.0, (double) records / total));
                    lastReport = now;
                }
            }
            progress.onProgress(records, 1.0);
        }
        return sampler.finish();
    }

    private List<TopicPartition> partitions(Consumer<byte[], byte[]> consumer) throws IOException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IOException("topic " + topic + " does not exist");
            }
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        return partitions;
    }

    /** The first offset to read: the beginning, or the first record at or after {@code from}. */
    private static Map<TopicPartition, Long> startOffsets(Consumer<byte[], byte[]> consumer,
                                                          List<TopicPartition> partitions, Instant from,
                                                          Map<TopicPartition, Long> end) {
        if (from == null) {
            return consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, METADATA_TIMEOUT);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            // No record at or after the time: nothing to read in this partition.
            start.put(tp, at == null ? end.get(tp) : Math.min(at.offset(), end.get(tp)));
        }
        return start;
    }

    private static void offer(SeriesSampler sampler, Deserializer<Observation> values,
                              ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            sampler.reject(Rejection.UNDECODABLE);
            return;
        }
        Observation o;
        try {
            o = values.deserialize(record.topic(), record.headers(), record.value());
        } catch (PoisonRecordException e) {
            sampler.reject(Rejection.UNDECODABLE);
            return;
        }
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String seriesId = o.getSeriesId();
        if (!seriesId.equals(key)) {
            sampler.reject(Rejection.KEY_MISMATCH);
            return;
        }
        List<Double> covariateList = o.getCovariates();
        double[] covariates = new double[covariateList.size()];
        boolean finite = Double.isFinite(o.getValue());
        for (int i = 0; i < covariates.length; i++) {
            covariates[i] = covariateList.get(i);
            finite &= Double.isFinite(covariates[i]);
        }
        if (!finite) {
            sampler.reject(Rejection.NON_FINITE);
            return;
        }
        sampler.offer(seriesId, o.getTimestamp().toEpochMilli(), o.getValue(), covariates);
    }

    private static Map<TopicPartition, Long> positions(Consumer<byte[], byte[]> consumer,
                                                       Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
        return positions;
    }

    @Override
    public String description() {
        return "topic " + String.join(", ", topics);
    }
}
