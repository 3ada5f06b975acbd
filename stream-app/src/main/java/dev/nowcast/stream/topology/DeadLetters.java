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
final class DeadLetters {

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
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setRecordTimestamp(record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()))
                .setReason(reason)
                .setDetail(detail)
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setFailedAt(Instant.ofEpochMilli(now))
                .build();
    }
}
