package dev.nowcast.schemas.serde;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import dev.nowcast.schemas.registry.SchemaRegistryClient;

/**
 * Serde of a generated SpecificRecord class in Confluent's wire format; Confluent's {@code SpecificAvroSerde}.
 * The serializer and deserializer share one registry client.
 *
 * <pre>{@code
 * Serde<Observation> observations = new SpecificAvroSerde<>(Observation.class);
 * observations.configure(Map.of("schema.registry.url", "http://registry:8081"), false);
 * }</pre>
 */
public final class SpecificAvroSerde<T extends SpecificRecord> extends AvroSerde<T> {

    private final Serializer<T> serializer = new SpecificAvroSerializer<>(serializerEngine());
    private final Deserializer<T> deserializer = new SpecificAvroDeserializer<>(deserializerEngine());

    /**
     * A serde whose deserializer reads into the class the writer's schema (or {@code specific.avro.key.type} /
     * {@code specific.avro.value.type}) names; for naming in a configuration.
     */
    public SpecificAvroSerde() {
        this(null, null);
    }

    /** A serde of {@code type}: every record is read into it. */
    public SpecificAvroSerde(Class<T> type) {
        this(type, null);
    }

    /** A serde of {@code type} (if not null) that uses {@code client} (if not null). */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client) {
        super(client, new KafkaAvroDeserializer(null, KafkaAvroDeserializer.Reading.SPECIFIC, type, null));
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
