package dev.nowcast.bench.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.nowcast.avro.Prediction;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;

/**
 * Reads a prediction topic as a downstream application would (read_committed, no consumer group) and hands each
 * prediction to a {@link Sink} with the sequence number of the observation it answers, its broker append time
 * and the wall-clock time it was received. Either while the app runs (the receive time is then when the prediction
 * became visible) or after it stopped (append times are in the log, so the measurement costs the app nothing).
 */
final class PredictionReader implements AutoCloseable {

    /** Receives one prediction. */
    interface Sink {
        void accept(long sequence, long appendedAt, long receivedAt);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SpecificAvroDeserializer<Prediction> deserializer = new SpecificAvroDeserializer<>(Prediction.class);
    private final SyntheticSeries series;
    private final String topic;

    PredictionReader(BenchmarkStack stack, String topic, SyntheticSeries series) {
        Map<String, Object> config = new HashMap<>(stack.clientConfig());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        deserializer.configure(stack.serdeConfig(), false);
        this.series = series;
        this.topic = topic;
    }

    /**
     * Reads from the start of every partition until {@code finished} is true and everything committed up to that
     * moment has been read; returns the number of predictions read.
     */
    long read(BooleanSupplier finished, Sink sink) {
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long read = 0;
        Map<TopicPartition, Long> ends = null;
        while (true) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                long receivedAt = System.currentTimeMillis();
                if (r.timestampType() != TimestampType.LOG_APPEND_TIME) {
                    throw new IllegalStateException(topic + " must have message.timestamp.type=LogAppendTime");
                }
                Prediction p = deserializer.deserialize(topic, r.value());
                int k = SyntheticSeries.index(p.getSeriesId());
                sink.accept(series.sequence(k, p.getObservedAt().toEpochMilli()), r.timestamp(), receivedAt);
                read++;
            }
            if (ends == null && finished.getAsBoolean()) {
                ends = consumer.endOffsets(partitions);
            }
            if (ends != null && caughtUp(ends)) {
                return read;
            }
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
