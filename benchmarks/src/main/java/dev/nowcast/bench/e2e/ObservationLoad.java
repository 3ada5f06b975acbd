package dev.nowcast.bench.e2e;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.nowcast.avro.Observation;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;

/**
 * Produces the benchmark's observations ({@link SyntheticSeries}) into an observation topic, either all at once
 * before the app starts (so that the load generator does not compete with the app for the CPU while it is being
 * measured) or paced at a fixed rate while the app runs, keeping each record's broker append time.
 */
final class ObservationLoad implements AutoCloseable {

    private final SyntheticSeries series;
    private final String topic;
    private final KafkaProducer<String, Observation> producer;
    private final Observation observation = new Observation();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /**
     * @param lingerMillis how long the producer waits to fill a batch: large for a bulk load; for paced sends, the
     *                     producer default (5 ms): latency is measured from the append, and one request per record
     *                     would make the broker pay for the generator
     */
    ObservationLoad(BenchmarkStack stack, SyntheticSeries series, String topic, int lingerMillis) {
        this.series = series;
        this.topic = topic;
        Map<String, Object> config = new HashMap<>(stack.clientConfig());
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        SpecificAvroSerializer<Observation> serializer = new SpecificAvroSerializer<>();
        serializer.configure(stack.serdeConfig(), false);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), serializer);
        observation.setCovariates(List.of());
    }

    /** Sends observations {@code [from, to)} as fast as the producer goes, and waits until all are written. */
    void preload(long from, long to) {
        for (long i = from; i < to; i++) {
            send(i, null);
        }
        flush();
    }

    /**
     * Sends observations {@code from, from + 1, ...} at {@code perSecond} until {@code durationNanos} have passed
     * (or {@code appendTimes} is full), storing each one's broker append time at {@code appendTimes[sequence]};
     * returns the sequence number after the last one sent.
     */
    long paced(long from, double perSecond, long durationNanos, long[] appendTimes) {
        long start = System.nanoTime();
        long sent = 0;
        while (from + sent < appendTimes.length) {
            long due = start + (long) (sent * 1e9 / perSecond);
            if (due - start >= durationNanos) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send(from + sent, appendTimes);
            sent++;
        }
        flush();
        return from + sent;
    }

    private void send(long sequence, long[] appendTimes) {
        int k = series.seriesOf(sequence);
        String id = SyntheticSeries.id(k);
        // The producer serialises inside send(), so one Observation object serves every record.
        observation.setSeriesId(id);
        observation.setTimestamp(Instant.ofEpochMilli(series.timestampOf(sequence)));
        observation.setValue(series.valueOf(sequence));
        int slot = (int) sequence;
        producer.send(new ProducerRecord<>(topic, id, observation), (metadata, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else if (appendTimes != null) {
                // On a LogAppendTime topic the producer reports the broker's append time.
                appendTimes[slot] = metadata.timestamp();
            }
        });
    }

    private void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("Producing observations to " + topic + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
