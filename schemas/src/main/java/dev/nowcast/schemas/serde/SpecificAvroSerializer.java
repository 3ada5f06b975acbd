package dev.nowcast.schemas.serde;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import dev.nowcast.schemas.registry.SchemaRegistryClient;

/** {@link KafkaAvroSerializer} typed for a generated SpecificRecord class; Confluent's {@code SpecificAvroSerializer}. */
public final class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final KafkaAvroSerializer inner;

    /** A serializer that creates its registry client from its configuration. */
    public SpecificAvroSerializer() {
        this(new KafkaAvroSerializer());
    }

    /** A serializer that uses {@code client}. */
    public SpecificAvroSerializer(SchemaRegistryClient client) {
        this(new KafkaAvroSerializer(client));
    }

    SpecificAvroSerializer(KafkaAvroSerializer inner) {
        this.inner = inner;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return inner.serialize(topic, data);
    }

    @Override
    public void close() {
        inner.close();
    }
}
