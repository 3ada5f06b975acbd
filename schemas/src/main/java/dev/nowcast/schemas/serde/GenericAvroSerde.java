package dev.nowcast.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import dev.nowcast.schemas.registry.SchemaRegistryClient;

/**
 * Serde of GenericRecords in Confluent's wire format; Confluent's {@code GenericAvroSerde}. The serializer and
 * deserializer share one registry client.
 */
public final class GenericAvroSerde extends AvroSerde<GenericRecord> {

    private final Serializer<GenericRecord> serializer = new GenericAvroSerializer(serializerEngine());
    private final Deserializer<GenericRecord> deserializer = new GenericAvroDeserializer(deserializerEngine());

    /** A serde that creates its registry client from its configuration. */
    public GenericAvroSerde() {
        this(null, null);
    }

    /** A serde that uses {@code client}. */
    public GenericAvroSerde(SchemaRegistryClient client) {
        this(null, client);
    }

    /** A serde whose deserializer reads every record with {@code readerSchema} (if not null), with {@code client} (if not null). */
    public GenericAvroSerde(Schema readerSchema, SchemaRegistryClient client) {
        super(client, new KafkaAvroDeserializer(null, KafkaAvroDeserializer.Reading.GENERIC, null, readerSchema));
    }

    @Override
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
        return deserializer;
    }
}
