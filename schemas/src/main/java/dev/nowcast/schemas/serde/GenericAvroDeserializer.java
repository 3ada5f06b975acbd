package dev.nowcast.schemas.serde;

import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;

import dev.nowcast.schemas.registry.SchemaRegistryClient;

/**
 * {@link KafkaAvroDeserializer} that always reads GenericRecords (whatever {@code specific.avro.reader} says);
 * Confluent's {@code GenericAvroDeserializer}. Optionally with a fixed reader schema, into which records of every
 * compatible writer schema are resolved.
 */
public final class GenericAvroDeserializer implements Deserializer<GenericRecord> {

    private final KafkaAvroDeserializer inner;

    /** Reads records as written (or, with use.latest.version, as the subject's latest version). */
    public GenericAvroDeserializer() {
        this(new KafkaAvroDeserializer(null, KafkaAvroDeserializer.Reading.GENERIC, null, null));
    }

    /** Reads every record with {@code readerSchema}: older and newer compatible records are resolved into it. */
    public GenericAvroDeserializer(Schema readerSchema) {
        this(new KafkaAvroDeserializer(null, KafkaAvroDeserializer.Reading.GENERIC, null, readerSchema));
    }

    /** Reads records as written, with {@code client}. */
    public GenericAvroDeserializer(SchemaRegistryClient client) {
        this(new KafkaAvroDeserializer(client, KafkaAvroDeserializer.Reading.GENERIC, null, null));
    }

    GenericAvroDeserializer(KafkaAvroDeserializer inner) {
        this.inner = inner;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public GenericRecord deserialize(String topic, byte[] data) {
        return (GenericRecord) inner.deserialize(topic, data);
    }

    @Override
    public void close() {
        inner.close();
    }
}
