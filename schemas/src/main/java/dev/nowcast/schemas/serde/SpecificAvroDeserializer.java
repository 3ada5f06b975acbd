package dev.nowcast.schemas.serde;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

import dev.nowcast.schemas.registry.SchemaRegistryClient;

/**
 * {@link KafkaAvroDeserializer} that always reads SpecificRecords; Confluent's {@code SpecificAvroDeserializer}.
 * Given a class, every record is resolved into that class (its schema is the reader schema) and a record of
 * another type is a {@link PoisonRecordException} with reason WRONG_SCHEMA; without one, into the class the
 * writer's schema names (or the one {@code specific.avro.key.type} / {@code specific.avro.value.type} names).
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final KafkaAvroDeserializer inner;

    /** Reads into the class the writer's schema (or the configuration) names. */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    /** Reads into {@code type}. */
    public SpecificAvroDeserializer(Class<T> type) {
        this(type, null);
    }

    /** Reads into {@code type} (or, if null, the class the writer's schema names) with {@code client}. */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient client) {
        this(new KafkaAvroDeserializer(client, KafkaAvroDeserializer.Reading.SPECIFIC, type, null));
    }

    SpecificAvroDeserializer(KafkaAvroDeserializer inner) {
        this.inner = inner;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    @SuppressWarnings("unchecked") // the reader schema is T's, or the writer's class as the caller chose
    public T deserialize(String topic, byte[] data) {
        return (T) inner.deserialize(topic, data);
    }

    @Override
    public void close() {
        inner.close();
    }
}
