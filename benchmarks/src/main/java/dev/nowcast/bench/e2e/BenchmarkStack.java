package dev.nowcast.bench.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.local.ApicurioRegistry;
import dev.nowcast.local.KafkaBrokerProcess;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;
import dev.nowcast.config.kafka.KafkaFutures;

/**
 * The servers of one benchmark invocation: a real Kafka broker in its own OS process (so that the CPU it burns is
 * not the stream app's, and can be measured apart) and a real Apicurio registry, both on 127.0.0.1, started side by
 * side and removed with their data on {@link #close()}.
 */
final class BenchmarkStack implements AutoCloseable {

    private final KafkaBrokerProcess broker;
    private final ApicurioRegistry registry;
    private final Admin admin;

    private BenchmarkStack(KafkaBrokerProcess broker, ApicurioRegistry registry) {
        this.broker = broker;
        this.registry = registry;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /** Starts the broker process and the registry in parallel (each takes several seconds to start). */
    static BenchmarkStack start(String brokerHeap) {
        KafkaBrokerProcess broker = KafkaBrokerProcess.builder().heap(brokerHeap).build();
        ApicurioRegistry registry = ApicurioRegistry.builder().build();
        CompletableFuture<ApicurioRegistry> registryStart = CompletableFuture.supplyAsync(registry::start);
        try {
            broker.start();
            registryStart.join();
            return new BenchmarkStack(broker, registry);
        } catch (RuntimeException e) {
            registryStart.handle((r, t) -> null).join();
            registry.close();
            broker.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** Confluent-compatible registry URL ({@code schema.registry.url}). */
    String registryUrl() {
        return registry.confluentApiUrl();
    }

    long brokerPid() {
        return broker.pid();
    }

    Admin admin() {
        return admin;
    }

    /** Creates a topic whose records carry the broker's append time, the clock every latency is read on. */
    void createAppendTimeTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
    }

    void createTopic(String name, int partitions, Map<String, String> configs) {
        await(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all(),
                "create topic " + name);
        awaitLeaders(name, partitions);
    }

    /**
     * Waits until every partition of a new topic has its leader. A producer that writes before that gets
     * NOT_LEADER_OR_FOLLOWER, and its idempotent retries can then loop on OUT_OF_ORDER_SEQUENCE_NUMBER until the
     * batches expire: a run failed that way once, before any app had started.
     */
    private void awaitLeaders(String topic, int partitions) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                TopicDescription d = KafkaFutures.await(admin.describeTopics(List.of(topic)).allTopicNames(),
                        Duration.ofSeconds(10)).get(topic);
                if (d.partitions().size() == partitions
                        && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (KafkaFutures.CallFailed e) {
                if (e.interrupted()) {
                    throw new IllegalStateException("interrupted while waiting for the leaders of " + topic, e);
                }
                // not described yet: the broker is still creating it
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the partitions of " + topic + " have no leader after 60 s");
            }
            BenchmarkSession.sleep(50);
        }
    }

    /** Records of {@code topic} that the consumer group {@code group} has committed as processed. */
    long committed(String group, String topic) {
        return await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "read offsets of " + group)
                .entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** The sum of {@code topic}'s end offsets (records, plus transaction markers where transactions wrote). */
    long endOffsets(String topic) {
        var partitions = await(admin.describeTopics(List.of(topic)).allTopicNames(), "describe " + topic).get(topic)
                .partitions().stream().collect(java.util.stream.Collectors.toMap(
                        p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return await(admin.listOffsets(partitions).all(), "list offsets of " + topic).values().stream()
                .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
    }

    /** Publishes a weight snapshot to the (compacted) weights topic, as {@code nowcast train} does. */
    void publish(String weightsTopic, ModelSnapshot snapshot) {
        SpecificAvroSerializer<WeightSnapshot> serializer = new SpecificAvroSerializer<>();
        serializer.configure(serdeConfig(), false);
        try (KafkaProducer<String, WeightSnapshot> producer = new KafkaProducer<>(clientConfig(), new StringSerializer(),
                serializer)) {
            await(producer.send(new ProducerRecord<>(weightsTopic, snapshot.model(), WeightSnapshotMapping.toAvro(snapshot))),
                    "publish the snapshot");
        }
    }

    Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return config;
    }

    Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", registry.confluentApiUrl());
    }

    static <T> T await(java.util.concurrent.Future<T> future, String what) {
        try {
            return KafkaFutures.await(future, Duration.ofMinutes(2));
        } catch (KafkaFutures.CallFailed e) {
            throw new IllegalStateException("Cannot " + what + ": " + e.reason(), e.getCause());
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
