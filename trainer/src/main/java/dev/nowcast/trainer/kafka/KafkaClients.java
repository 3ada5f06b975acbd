package dev.nowcast.trainer.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.nowcast.config.NowcastConfig;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;

/**
 * How the trainer reaches Kafka and the schema registry, and the clients it makes from that: plain consumers
 * for bounded reads (assigned partitions, no group, {@code read_committed}) and idempotent producers with
 * {@code acks=all}. The settings the trainer depends on for correctness are forced over the pass-through ones.
 *
 * @param clientConfig   Kafka client settings: bootstrap servers plus the {@code kafka.*} pass-through
 *                       (security included), as {@link NowcastConfig#clientConfig()} gives them
 * @param registryConfig registry settings for the serdes, as {@link NowcastConfig#registryConfig()} gives them
 */
public record KafkaClients(Map<String, Object> clientConfig, Map<String, Object> registryConfig) {
    public KafkaClients {
        clientConfig = Map.copyOf(clientConfig);
        registryConfig = Map.copyOf(registryConfig);
    }

    /** The clients a loaded configuration describes. */
    public static KafkaClients from(NowcastConfig config) {
        return new KafkaClients(config.clientConfig(), config.registryConfig());
    }

    /** The bootstrap servers, for messages. */
    public String bootstrapServers() {
        return String.valueOf(clientConfig.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    /**
     * A consumer of raw bytes for bounded reads through {@code assign}: committed records only, no offset
     * commits (the trainer keeps no consumer position between runs), and no topic auto-creation (asking for a
     * missing topic must not create it).
     */
    public Consumer<byte[], byte[]> byteConsumer(String clientId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A value deserializer for records of {@code type} through the registry. */
    public <V extends SpecificRecord> Deserializer<V> valueDeserializer(Class<V> type) {
        SpecificAvroDeserializer<V> deserializer = new SpecificAvroDeserializer<>(type);
        deserializer.configure(registryConfig, false);
        return deserializer;
    }

    /**
     * An idempotent producer ({@code acks=all}, {@code enable.idempotence=true}) of string keys and {@code V}
     * values through the registry; a pass-through {@code transactional.id} is dropped because these producers
     * are not transactional.
     */
    public <V extends SpecificRecord> Producer<String, V> producer(String clientId) {
        SpecificAvroSerializer<V> values = new SpecificAvroSerializer<>();
        values.configure(registryConfig, false);
        return new KafkaProducer<>(idempotentProducerConfig(clientId), new StringSerializer(), values);
    }

    /**
     * An idempotent producer of raw key and value bytes (records already in their wire format, such as dead
     * letters replayed to their source topic).
     */
    public Producer<byte[], byte[]> byteProducer(String clientId) {
        return new KafkaProducer<>(idempotentProducerConfig(clientId), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** {@code acks=all} and idempotence; a pass-through {@code transactional.id} dropped (not transactional). */
    private Map<String, Object> idempotentProducerConfig(String clientId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** Names the cluster and registry only: the settings may hold credentials (SASL, TLS, registry auth). */
    @Override
    public String toString() {
        return "KafkaClients[" + bootstrapServers() + ", registry " + registryConfig.get("schema.registry.url") + "]";
    }

    /** An admin client. */
    public Admin admin(String clientId) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return Admin.create(config);
    }
}
