package dev.nowcast.stream.topology;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;

/**
 * Builds dead letters and logs them. A flood of bad input must not flood the log: at most one line per second
 * is written, with the number of dead letters whose line was skipped (every one is counted in
 * {@code nowcast.dead.letters} and kept in the dead-letter topic).
 */
public final class DeadLetters {

    private final Logger log;
    private long lastLogged = Long.MIN_VALUE;
    private long skipped;

    DeadLetters(Logger log) {
        this.log = log;
    }

    DeadLetter letter(RecordMetadata source, Record<byte[], byte[]> record, DeadLetterReason reason, String detail,
                      long now) {
        if (now - lastLogged >= 1_000) {
            log.warn("Dead letter {} from {}-{}@{}: {}{}", reason, source.topic(), source.partition(), source.offset(),
                    detail, skipped == 0 ? "" : " (" + skipped + " more dead letters since the last line)");
            lastLogged = now;
            skipped = 0;
        } else {
            skipped++;
        }
        return of(source.topic(), source.partition(), source.offset(), record.timestamp(), record.key(), record.value(),
                reason, detail, now);
    }

    /**
     * The dead letter of a record read at {@code topic}-{@code partition}@{@code offset} (a negative timestamp:
     * none), rejected at {@code now} for {@code reason}: the one form every rejected input takes.
     */
    public static DeadLetter of(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value,
                                DeadLetterReason reason, String detail, long now) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic)
                .setPartition(partition)
                .setOffset(offset)
                .setRecordTimestamp(timestamp < 0 ? null : Instant.ofEpochMilli(timestamp))
                .setReason(reason)
                .setDetail(detail)
                .setKey(key == null ? null : ByteBuffer.wrap(key))
                .setValue(value == null ? null : ByteBuffer.wrap(value))
                .setFailedAt(Instant.ofEpochMilli(now))
                .build();
    }
}
