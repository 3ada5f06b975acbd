package dev.nowcast.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;

import dev.nowcast.local.TempDirs;
import dev.nowcast.config.kafka.KafkaFutures;

/**
 * One test's handle on a real Kafka broker (in-JVM or a container): unique topic names, client settings, and
 * Kafka Streams state directories that are removed after the test. Created by {@link LocalStackExtension} or
 * {@link ContainerStackExtension}; closing it releases what the test created, not the shared broker.
 */
public final class TestKafka implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final String bootstrapServers;
    private final String testName;
    private final List<Path> stateDirs = new ArrayList<>();
    private Admin admin;

    TestKafka(String bootstrapServers, String testName) {
        this.bootstrapServers = bootstrapServers;
        this.testName = testName;
    }

    /**
     * A handle on a broker the test runs itself rather than the shared one: one it stops and starts again, or one
     * with listeners of its own. Closing the handle does not stop the broker.
     *
     * @param testName makes the names of topics and groups unique, as for the shared broker
     */
    public static TestKafka forBroker(String bootstrapServers, String testName) {
        return new TestKafka(bootstrapServers, testName);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** A name no other test in this JVM (or an earlier run against the same broker) uses. */
    public String uniqueName(String prefix) {
        String sanitized = testName.replaceAll("[^A-Za-z0-9._-]", "-").toLowerCase(Locale.ROOT);
        if (sanitized.length() > 60) {
            sanitized = sanitized.substring(0, 60);
        }
        return prefix + "-" + sanitized + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    /** Creates a topic with a unique name starting with {@code prefix} and returns its name. */
    public String createTopic(String prefix, int partitions) {
        return createTopic(prefix, partitions, Map.of());
    }

    /** Creates a topic with a unique name, {@code partitions} partitions and the given topic configs. */
    public String createTopic(String prefix, int partitions, Map<String, String> configs) {
        String name = uniqueName(prefix);
        createTopicNamed(name, partitions, configs);
        return name;
    }

    /** Creates a topic with exactly this name (for names fixed by the product, in a dedicated broker). */
    public void createTopicNamed(String name, int partitions, Map<String, String> configs) {
        try {
            KafkaFutures.await(admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all(), Duration.ofMinutes(1));
        } catch (KafkaFutures.CallFailed e) {
            throw new IllegalStateException("Cannot create topic " + name + ": " + e.reason(), e.getCause());
        }
    }

    /** An admin client for this broker, closed with this handle. */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        }
        return admin;
    }

    /** Producer settings: this broker, idempotent, all acks. */
    public Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /** Consumer settings reading from the beginning, committed records only, in a fresh group. */
    public Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, uniqueName("reader"));
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** A fresh directory for a Kafka Streams {@code state.dir}, removed after the test. */
    public synchronized Path stateDir() {
        Path dir = TempDirs.create("nowcast-streams-state-");
        stateDirs.add(dir);
        return dir;
    }

    /**
     * Reads {@code topic} from the beginning (committed records only) until {@code expected} records arrived or
     * {@code timeout} passed, and returns what arrived; more than {@code expected} records are returned if they
     * arrive in the same poll, so callers can assert on exact counts.
     */
    public <K, V> List<ConsumerRecord<K, V>> read(String topic, Deserializer<K> keys, Deserializer<V> values,
                                                  int expected, Duration timeout) {
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(consumerConfig(), keys, values)) {
            consumer.subscribe(Set.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            // One more short poll so that extra (duplicate) records are seen too.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        stateDirs.forEach(TempDirs::deleteRecursively);
        stateDirs.clear();
    }
}
