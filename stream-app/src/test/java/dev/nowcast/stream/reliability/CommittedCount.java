package dev.nowcast.stream.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.nowcast.testsupport.TestKafka;

/**
 * Counts the committed records of a topic as they appear ({@code read_committed}, from the beginning), on a thread
 * of its own: how far a run has got, as a downstream consumer sees it.
 */
final class CommittedCount implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLong count = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    CommittedCount(TestKafka kafka, String topic) {
        consumer = new KafkaConsumer<>(kafka.consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::run, "committed-count-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    long get() {
        return count.get();
    }

    /** Waits until at least {@code expected} records are committed; the failure message ends with {@code context}. */
    void awaitAtLeast(long expected, Duration timeout, Supplier<String> context) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(count.get() + " of " + expected + " records committed after " + timeout
                        + "; " + context.get());
            }
            Thread.sleep(100);
        }
    }

    private void run() {
        try {
            while (running) {
                count.addAndGet(consumer.poll(Duration.ofMillis(200)).count());
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
