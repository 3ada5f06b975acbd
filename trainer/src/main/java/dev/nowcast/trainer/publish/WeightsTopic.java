package dev.nowcast.trainer.publish;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.Deserializer;

import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.config.kafka.KafkaFutures;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.schemas.serde.PoisonRecordException;
import dev.nowcast.trainer.kafka.KafkaClients;
import dev.nowcast.trainer.kafka.Topics;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;

/**
 * The compacted weights topic ({@code nowcast.model-weights}; key: model name, value: {@link WeightSnapshot}
 * through the registry serde), seen from the trainer: what is published for a model (its highest version and
 * its champion), and publishing a new snapshot.
 *
 * <p>A read goes from the beginning of every partition to the end offsets seen at its start, committed records
 * only, decoding only the records keyed with the model. Compaction keeps at least the latest record of each
 * model, which carries its highest version, so version numbering survives compaction; older versions may be
 * gone, which is why the champion is "the highest version that still loads".
 *
 * <p>If the topic does not exist, {@link #publish} creates it compacted (one partition, the broker's default
 * replication) and says so; where the trainer may not create topics, it fails naming the command to run.
 * Versions are decided by reading the topic, so at most one trainer per model should run at a time; a
 * publication that another one overtook is detected and refused ({@link ConcurrentPublicationException}).
 */
public final class WeightsTopic {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClients clients;
    private final String topic;

    public WeightsTopic(KafkaClients clients, String topic) {
        this.clients = clients;
        this.topic = topic;
    }

    /** The topic's name. */
    public String topic() {
        return topic;
    }

    /**
     * Reads what is published for {@code model}.
     *
     * @param verificationKey when not null, only snapshots signed with the matching private key load (as in a
     *                        stream app configured with that key)
     */
    public PublishedModel read(String model, PublicKey verificationKey) throws IOException {
        return read(model, verificationKey, Map.of());
    }

    private PublishedModel read(String model, PublicKey verificationKey, Map<TopicPartition, Long> from)
            throws IOException {
        byte[] key = model.getBytes(StandardCharsets.UTF_8);
        try (Consumer<byte[], byte[]> consumer = clients.byteConsumer("nowcast-trainer-weights-reader");
             Deserializer<WeightSnapshot> values = clients.valueDeserializer(WeightSnapshot.class)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return new PublishedModel(model, false, 0, null, null, List.of(), 0, Map.of());
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
            Set<TopicPartition> remaining = new HashSet<>();
            for (TopicPartition tp : partitions) {
                long start = Math.max(beginning.get(tp), from.getOrDefault(tp, 0L));
                consumer.seek(tp, start);
                if (start < end.get(tp)) {
                    remaining.add(tp);
                }
            }
            Scan scan = new Scan(model, verificationKey);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!remaining.isEmpty()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    deadline = System.nanoTime() + TIMEOUT.toNanos();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp) && Arrays.equals(key, record.key())) {
                        scan.add(record, values);
                    }
                }
                for (TopicPartition tp : new ArrayList<>(remaining)) {
                    if (consumer.position(tp) >= end.get(tp)) {
                        remaining.remove(tp);
                    }
                }
                if (!remaining.isEmpty() && System.nanoTime() > deadline) {
                    throw new IOException("reading " + topic + " made no progress for " + TIMEOUT.toSeconds()
                            + " s; partitions left: " + remaining);
                }
            }
            return new PublishedModel(model, true, scan.highestVersion, scan.champion, scan.championForecaster,
                    scan.skipped, scan.undecodable, end);
        }
    }

    /**
     * Publishes {@code snapshot} (acks=all, idempotent), creating the topic if needed, after checking that
     * nothing was published for the model since {@code seen} was read.
     *
     * @param seen what this run read before training
     * @throws ConcurrentPublicationException if another snapshot of the model appeared since {@code seen}
     * @throws IOException                    if the topic cannot be created or the record cannot be written
     */
    public Publication publish(ModelSnapshot snapshot, PublishedModel seen) throws IOException {
        boolean created = !seen.topicExists() && createIfMissing();
        PublishedModel since = read(snapshot.model(), null, seen.endOffsets());
        if (since.highestVersion() > 0 || since.undecodable() > 0) {
            throw new ConcurrentPublicationException("another snapshot of model " + snapshot.model()
                    + " (version " + since.highestVersion() + ") was published to " + topic
                    + " while this run was training; not publishing version " + snapshot.version()
                    + ". Run again to compare against it.");
        }
        try (Producer<String, WeightSnapshot> producer = clients.producer("nowcast-trainer-publisher")) {
            RecordMetadata metadata = KafkaFutures.await(producer.send(new ProducerRecord<>(topic, snapshot.model(),
                    WeightSnapshotMapping.toAvro(snapshot))), TIMEOUT);
            return new Publication(topic, metadata.partition(), metadata.offset(), created);
        } catch (KafkaFutures.CallFailed e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw new IOException("snapshot " + snapshot.model() + " v" + snapshot.version() + " is too large for "
                        + topic + ": raise kafka.max.request.size and the topic's max.message.bytes ("
                        + e.reason() + ")", e.getCause());
            }
            throw new IOException("cannot publish to " + topic + ": " + e.reason(), e.getCause());
        }
    }

    /**
     * The topic's {@code cleanup.policy} when it is not {@code compact} (old snapshots, and with them the
     * version history, then expire with retention), or empty.
     */
    public Optional<String> nonCompactedPolicy() throws IOException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = clients.admin("nowcast-trainer-admin")) {
            Config config = KafkaFutures.await(admin.describeConfigs(List.of(resource)).all(), TIMEOUT).get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            return policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) ? Optional.empty() : Optional.of(policy);
        } catch (KafkaFutures.CallFailed e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw new IOException("cannot describe " + topic + ": " + e.reason(), e.getCause());
        }
    }

    /** Creates the topic compacted; returns false if someone else created it first. */
    private boolean createIfMissing() throws IOException {
        return Topics.createIfMissing(clients, new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /** Where a snapshot was published. */
    public record Publication(String topic, int partition, long offset, boolean createdTopic) {
    }

    /** Folds a model's records, oldest first, into its highest version and champion. */
    private static final class Scan {
        final String model;
        final PublicKey verificationKey;
        long highestVersion;
        ModelSnapshot champion;
        Forecaster championForecaster;
        final List<PublishedModel.Skipped> skipped = new ArrayList<>();
        long undecodable;

        Scan(String model, PublicKey verificationKey) {
            this.model = model;
            this.verificationKey = verificationKey;
        }

        void add(ConsumerRecord<byte[], byte[]> record, Deserializer<WeightSnapshot> values) {
            if (record.value() == null) {
                // A tombstone deletes the model: earlier snapshots no longer count as champion.
                champion = null;
                championForecaster = null;
                return;
            }
            ModelSnapshot snapshot;
            try {
                snapshot = WeightSnapshotMapping.fromAvro(values.deserialize(record.topic(), record.headers(),
                        record.value()));
            } catch (PoisonRecordException e) {
                undecodable++;
                return;
            }
            highestVersion = Math.max(highestVersion, snapshot.version());
            if (champion != null && snapshot.version() <= champion.version()) {
                return;
            }
            if (!model.equals(snapshot.model())) {
                skipped.add(new PublishedModel.Skipped(snapshot.version(), record.offset(), "the record keyed "
                        + model + " holds a snapshot of model " + snapshot.model()));
                return;
            }
            try {
                Forecaster forecaster = verificationKey == null ? SnapshotCodec.decode(snapshot)
                        : SnapshotCodec.decode(snapshot, verificationKey);
                champion = snapshot;
                championForecaster = forecaster;
            } catch (SnapshotException e) {
                skipped.add(new PublishedModel.Skipped(snapshot.version(), record.offset(), e.getMessage()));
            }
        }
    }

    @Override
    public String toString() {
        return "WeightsTopic[" + topic + " at " + clients.bootstrapServers() + "]";
    }
}
