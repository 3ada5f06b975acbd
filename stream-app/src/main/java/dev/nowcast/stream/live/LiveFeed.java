package dev.nowcast.stream.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nowcast.avro.Anomaly;
import dev.nowcast.avro.Prediction;
import dev.nowcast.schemas.serde.PoisonRecordException;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;

/**
 * Reads the committed predictions and anomalies (the tail of each partition, then everything new) into a
 * {@link LiveView} on a thread of its own. It is a reader like any downstream app: no consumer group, no effect
 * on the processing.
 */
public final class LiveFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);
    /** Records re-read per partition at start, so the page opens with some history. */
    private static final long TAIL = 400;

    private final KafkaConsumer<String, byte[]> consumer;
    private final String predictionsTopic;
    private final String anomaliesTopic;
    private final SpecificAvroDeserializer<Prediction> predictions = new SpecificAvroDeserializer<>(Prediction.class);
    private final SpecificAvroDeserializer<Anomaly> anomalies = new SpecificAvroDeserializer<>(Anomaly.class);
    private final Function<byte[], Prediction> decodePrediction;
    private final LiveView view;
    private final Thread thread;
    private volatile boolean running = true;

    public LiveFeed(Map<String, Object> clientConfig, Map<String, Object> serdeConfig, String predictionsTopic,
                    String anomaliesTopic, LiveView view) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "nowcast-live-feed");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.predictionsTopic = predictionsTopic;
        this.anomaliesTopic = anomaliesTopic;
        predictions.configure(serdeConfig, false);
        anomalies.configure(serdeConfig, false);
        this.decodePrediction = bytes -> predictions.deserialize(predictionsTopic, bytes);
        this.view = view;
        this.thread = new Thread(this::run, "nowcast-live-feed");
        thread.setDaemon(true);
    }

    public LiveFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(predictionsTopic, anomaliesTopic)) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.endOffsets(partitions).forEach((tp, end) -> consumer.seek(tp, Math.max(0, end - TAIL)));
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(250))) {
                    try {
                        if (r.topic().equals(predictionsTopic)) {
                            view.add(r.key(), r.value(), decodePrediction); // the key is the series id
                        } else {
                            view.add(anomalies.deserialize(r.topic(), r.value()));
                        }
                    } catch (PoisonRecordException e) {
                        LOG.debug("Live feed skips an unreadable record at {}-{}@{}", r.topic(), r.partition(), r.offset());
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("The live page's feed stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
