package dev.nowcast.stream.serving;

import dev.nowcast.avro.DeadLetter;

/**
 * Where the snapshot processor sends the dead letter of a refused snapshot. Kafka Streams' global processors
 * cannot forward records, so the app sends these with a producer of its own (outside the exactly-once
 * transactions, which do not cover the global store either).
 */
@FunctionalInterface
public interface SnapshotRejectionSink {

    /** @param key the snapshot record's key bytes (the model name), or null */
    void send(byte[] key, DeadLetter letter);
}
