package dev.nowcast.trainer.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.nowcast.config.kafka.KafkaFutures;

/** Creating the topics the trainer writes to, when they are missing. */
public final class Topics {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Topics() {
    }

    /**
     * Creates {@code topic} (the broker's default replication factor) unless it exists.
     *
     * @return true if this call created it, false if it existed
     * @throws IOException if it cannot be created (e.g. not authorised), naming the command that would
     */
    public static boolean createIfMissing(KafkaClients clients, NewTopic topic) throws IOException {
        try (Admin admin = clients.admin("nowcast-trainer-admin")) {
            KafkaFutures.await(admin.createTopics(List.of(topic)).all(), TIMEOUT);
            return true;
        } catch (KafkaFutures.CallFailed e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IOException("topic " + topic.name() + " does not exist and cannot be created at "
                    + clients.bootstrapServers() + " (" + e.reason() + "); create it with: kafka-topics.sh --create --topic "
                    + topic.name() + (topic.numPartitions() > 0 ? " --partitions " + topic.numPartitions() : "")
                    + configs(topic.configs()), e.getCause());
        }
    }

    /** Whether {@code topic} exists (and this client may see it). */
    public static boolean exists(KafkaClients clients, String topic) throws IOException {
        try (Admin admin = clients.admin("nowcast-trainer-admin")) {
            return KafkaFutures.await(admin.listTopics().names(), TIMEOUT).contains(topic);
        } catch (KafkaFutures.CallFailed e) {
            throw new IOException("cannot list topics at " + clients.bootstrapServers() + ": " + e.reason(), e.getCause());
        }
    }

    private static String configs(Map<String, String> configs) {
        return configs == null ? "" : configs.entrySet().stream().map(e -> " --config " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
    }
}
