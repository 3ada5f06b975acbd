package dev.nowcast.schemas.serde;

import java.util.Map;

import org.apache.kafka.common.serialization.Serde;

import dev.nowcast.schemas.registry.SchemaRegistryClient;

/**
 * What the typed serdes share: one registry client (and so one cache) for the serializer and the deserializer,
 * created from the configuration unless one was given, and closed with the serde if it created it.
 */
abstract class AvroSerde<T> implements Serde<T> {

    private final SchemaRegistryClient injectedClient;
    private final KafkaAvroSerializer serializerEngine = new KafkaAvroSerializer();
    private final KafkaAvroDeserializer deserializerEngine;
    private SchemaRegistryClient ownedClient;

    AvroSerde(SchemaRegistryClient injectedClient, KafkaAvroDeserializer deserializerEngine) {
        this.injectedClient = injectedClient;
        this.deserializerEngine = deserializerEngine;
    }

    final KafkaAvroSerializer serializerEngine() {
        return serializerEngine;
    }

    final KafkaAvroDeserializer deserializerEngine() {
        return deserializerEngine;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        closeOwnedClient();
        SchemaRegistryClient client = injectedClient;
        if (client == null) {
            client = SchemaRegistryClient.fromConfigs(configs);
            ownedClient = client;
        }
        serializerEngine.configure(configs, isKey, client);
        deserializerEngine.configure(configs, isKey, client);
    }

    @Override
    public void close() {
        serializerEngine.close();
        deserializerEngine.close();
        closeOwnedClient();
    }

    private void closeOwnedClient() {
        if (ownedClient != null) {
            ownedClient.close();
            ownedClient = null;
        }
    }
}
