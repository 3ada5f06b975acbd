package dev.nowcast.schemas.serde;

import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

import dev.nowcast.schemas.registry.SchemaRegistryClient;

/** {@link KafkaAvroSerializer} typed for GenericRecord; Confluent's {@code GenericAvroSerializer}. */
public final class GenericAvroSerializer implements Serializer<GenericRecord> {

    private final KafkaAvroSerializer inner;

    /** A serializer that creates its registry client from its configuration. */
    public GenericAvroSerializer() {
        this(new KafkaAvroSerializer());
    }

    /** A serializer that uses {@code client}. */
    public GenericAvroSerializer(SchemaRegistryClient client) {
        this(new KafkaAvroSerializer(client));
    }

    GenericAvroSerializer(KafkaAvroSerializer inner) {
        this.inner = inner;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        inner.configure(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, GenericRecord data) {
        return inner.serialize(topic, data);
    }

    @Override
    public void close() {
        inner.close();
    }
}
