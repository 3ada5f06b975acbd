package dev.nowcast.trainer.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

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
            admin.createTopics(List.of(topic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IOException("topic " + topic.name() + " does not exist and cannot be created ("
                    + e.getCause().getMessage() + "); create it with: kafka-topics.sh --create --topic " + topic.name()
                    + (topic.numPartitions() > 0 ? " --partitions " + topic.numPartitions() : "") + configs(topic.configs()),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("creating topic " + topic.name() + " at " + clients.bootstrapServers()
                    + " timed out after " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topic " + topic.name(), e);
        }
    }

    /** Whether {@code topic} exists (and this client may see it). */
    public static boolean exists(KafkaClients clients, String topic) throws IOException {
        try (Admin admin = clients.admin("nowcast-trainer-admin")) {
            return admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(topic);
        } catch (ExecutionException e) {
            throw new IOException("cannot list topics at " + clients.bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("cannot reach Kafka at " + clients.bootstrapServers() + " (no answer in "
                    + TIMEOUT.toSeconds() + " s)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing topics", e);
        }
    }

    private static String configs(Map<String, String> configs) {
        return configs == null ? "" : configs.entrySet().stream().map(e -> " --config " + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining());
    }
}
