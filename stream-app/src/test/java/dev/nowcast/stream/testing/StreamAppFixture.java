package dev.nowcast.stream.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.config.StreamSettings;
import dev.nowcast.stream.topology.ForecastTopology;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;

/**
 * One model's topics on the real broker (unique names per test), the configuration of app instances using them,
 * and producers and readers for the tests. {@link #sameInputs()} gives a second application on the same input
 * topics with outputs of its own, e.g. an uninterrupted reference run to compare a disturbed one with.
 */
public final class StreamAppFixture implements AutoCloseable {

    public final TestKafka kafka;
    public final TestRegistry registry;
    public final String model;
    public final String observations;
    public final String weights;
    public final String predictions;
    public final String anomalies;
    public final String deadLetters;
    public final String applicationId;
    private final int partitions;
    private final List<NowcastStreamApp> apps = new ArrayList<>();
    private final KafkaProducer<String, Observation> observationProducer;
    private final KafkaProducer<String, Observation> outageProducer;
    private final KafkaProducer<String, WeightSnapshot> snapshotProducer;
    private final KafkaProducer<byte[], byte[]> rawProducer;
    private final SpecificAvroSerializer<Observation> observationSerializer;
    private final List<String> failedSends = new java.util.concurrent.CopyOnWriteArrayList<>();

    public StreamAppFixture(TestKafka kafka, TestRegistry registry, String model, int partitions) {
        this(kafka, registry, model, partitions, kafka.createTopic("observations", partitions),
                kafka.createTopic("weights", 1, Map.of("cleanup.policy", "compact")));
    }

    private StreamAppFixture(TestKafka kafka, TestRegistry registry, String model, int partitions, String observations,
                             String weights) {
        this.kafka = kafka;
        this.registry = registry;
        this.model = model;
        this.partitions = partitions;
        this.observations = observations;
        this.weights = weights;
        predictions = kafka.createTopic("predictions", partitions);
        anomalies = kafka.createTopic("anomalies", partitions);
        deadLetters = kafka.createTopic("dead-letters", 1);
        applicationId = kafka.uniqueName("app");
        observationSerializer = serializer();
        observationProducer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                observationSerializer);
        // The outage feed must outlast a broker outage of a few minutes (BrokerLossIT): with the default 60 s of
        // max.block.ms a send waiting for metadata fails, and the test, not the app, would lose an observation.
        // It is an at-least-once feed, not an idempotent one: an idempotent producer whose request was in flight
        // when the broker went away can hold that partition until the batch's delivery timeout (in CI under CPU
        // contention, 284 observations expired after 300 s). One request in flight keeps the order; a retried
        // batch the broker had already written comes back as a duplicate, which the app drops (nowcast.duplicates)
        // in every run alike. Tests that count duplicates send through the idempotent producer above.
        Map<String, Object> patient = new HashMap<>(kafka.producerConfig());
        patient.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000);
        patient.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        patient.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        patient.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        outageProducer = new KafkaProducer<>(patient, new StringSerializer(), observationSerializer);
        snapshotProducer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), serializer());
        rawProducer = new KafkaProducer<>(kafka.producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Another application (its own id, state and output topics) reading this one's observation and weight topics. */
    public StreamAppFixture sameInputs() {
        return new StreamAppFixture(kafka, registry, model, partitions, observations, weights);
    }

    /** The settings of an instance of this application, {@code extra} last. */
    public Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> s = new HashMap<>();
        s.put("nowcast.bootstrap.servers", kafka.bootstrapServers());
        s.put("nowcast.schema.registry.url", registry.url());
        s.put("nowcast.application.id", applicationId);
        s.put("nowcast.models", model + ":" + observations);
        s.put("nowcast.topic.model-weights", weights);
        s.put("nowcast.topic.predictions", predictions);
        s.put("nowcast.topic.anomalies", anomalies);
        s.put("nowcast.topic.dead-letters", deadLetters);
        s.put("nowcast.state.dir", kafka.stateDir().toString());
        s.put("nowcast.http.port", "0");
        s.put("kafka.commit.interval.ms", "100");
        s.put("kafka.replication.factor", "1");
        s.putAll(extra);
        return s;
    }

    /** Starts an instance in this JVM; it is closed with the fixture. */
    public NowcastStreamApp startApp(Map<String, String> extra) {
        NowcastConfig config = NowcastConfig.load(null, Map.of(), settings(extra), StreamSettings.ALL,
                StreamSettings.passthrough());
        NowcastStreamApp app = NowcastStreamApp.start(config);
        apps.add(app);
        return app;
    }

    /** The changelog of the series store: {@code <application.id>-series-<model>-changelog}. */
    public String changelogTopic() {
        return applicationId + "-" + ForecastTopology.seriesStoreName(model) + "-changelog";
    }

    public void publish(ModelSnapshot snapshot) throws Exception {
        publish(snapshot, snapshot.model());
    }

    /** Publishes {@code snapshot} keyed {@code model}, which should be its own model name. */
    public void publish(ModelSnapshot snapshot, String model) throws Exception {
        snapshotProducer.send(new ProducerRecord<>(weights, model, WeightSnapshotMapping.toAvro(snapshot))).get();
    }

    /** Sends any bytes as the snapshot of {@code model}, as a broken or hostile publisher would. */
    public void publishBytes(String model, byte[] value) throws Exception {
        rawProducer.send(new ProducerRecord<>(weights, model.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    /** Sends points {@code [from, to)} of every series, interleaved in time order as a live feed would be. */
    public void replay(List<Series> series, int from, int to) {
        for (int i = from; i < to; i++) {
            for (Series s : series) {
                if (i < s.size()) {
                    send(s, i);
                }
            }
        }
        observationProducer.flush();
    }

    /**
     * Sends point {@code i} of {@code series} (asynchronously; {@link #flush()} waits). A send the broker never
     * acknowledged is kept for {@link #failedSends()}: a test that loses its own input must say so, not blame the app.
     */
    public void send(Series series, int i) {
        send(observationProducer, series, i);
    }

    /**
     * {@link #send}, through an at-least-once producer that waits out a broker's absence of up to 5 minutes and
     * resumes without a stall when it returns (a duplicate it may write is dropped by the app).
     */
    public void sendThroughOutages(Series series, int i) {
        send(outageProducer, series, i);
    }

    private void send(KafkaProducer<String, Observation> producer, Series series, int i) {
        producer.send(new ProducerRecord<>(observations, null, series.timestamps()[i], series.key(),
                observation(series, i)), (metadata, e) -> {
                    if (e != null) {
                        failedSends.add(series.key() + " point " + i + ": " + e);
                    }
                });
    }

    /** The observations {@link #send} or {@link #sendThroughOutages} could not deliver, with the producer's reason. */
    public List<String> failedSends() {
        return List.copyOf(failedSends);
    }

    /** Sends any bytes to the observation topic, as a misbehaving producer would; the future gives the offset. */
    public Future<RecordMetadata> sendRaw(byte[] key, byte[] value, long timestamp) {
        return rawProducer.send(new ProducerRecord<>(observations, null, timestamp, key, value));
    }

    /** Waits until everything sent is acknowledged. */
    public void flush() {
        observationProducer.flush();
        outageProducer.flush();
        rawProducer.flush();
    }

    /** The wire bytes (Confluent framing, registered schema) of an observation, as a well-behaved producer sends them. */
    public byte[] observationBytes(Observation observation) {
        return observationSerializer.serialize(observations, observation);
    }

    public static Observation observation(Series series, int i) {
        return new Observation(series.key(), Instant.ofEpochMilli(series.timestamps()[i]), series.values()[i], List.of());
    }

    public List<ConsumerRecord<String, Prediction>> readPredictions(int expected) {
        return kafka.read(predictions, new StringDeserializer(), deserializer(Prediction.class), expected,
                Duration.ofSeconds(120));
    }

    public List<ConsumerRecord<byte[], DeadLetter>> readDeadLetters(int expected) {
        return kafka.read(deadLetters, new ByteArrayDeserializer(), deserializer(DeadLetter.class), expected,
                Duration.ofSeconds(60));
    }

    public <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroDeserializer<T> deserializer(Class<T> type) {
        SpecificAvroDeserializer<T> d = new SpecificAvroDeserializer<>(type);
        d.configure(Map.of("schema.registry.url", registry.url()), false);
        return d;
    }

    private <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerializer<T> serializer() {
        SpecificAvroSerializer<T> s = new SpecificAvroSerializer<>();
        s.configure(Map.of("schema.registry.url", registry.url()), false);
        return s;
    }

    public static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public static void awaitReady(NowcastStreamApp app, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!app.isReady()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("app not ready within " + timeout + ": " + app.streams().state()
                        + ", missing models " + app.models().missing());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Waits until this application's consumer group has committed, on every partition of the observation topic,
     * the end offset the topic has now: every observation produced so far has been processed and its outputs
     * committed.
     */
    public void awaitConsumed(Duration timeout) throws Exception {
        Admin admin = kafka.admin();
        List<TopicPartition> topicPartitions = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            topicPartitions.add(new TopicPartition(observations, p));
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        topicPartitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            boolean done = ends.entrySet().stream().allMatch(e -> {
                OffsetAndMetadata c = committed.get(e.getKey());
                return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
            });
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("observations not consumed within " + timeout + ": end offsets " + ends
                        + ", committed " + committed);
            }
            Thread.sleep(100);
        }
    }

    /** Closes the instances started in this JVM (cleanly, as a rolling restart would). */
    public void closeApps() {
        apps.forEach(NowcastStreamApp::close);
        apps.clear();
    }

    @Override
    public void close() {
        closeApps();
        observationProducer.close();
        outageProducer.close();
        snapshotProducer.close();
        rawProducer.close();
    }
}
