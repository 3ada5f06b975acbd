package dev.nowcast.stream.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;
import dev.nowcast.trainer.snapshot.WeightSnapshotMapping;

/**
 * One model's topics on the real broker (unique names per test), the configuration of app instances using them,
 * and producers and readers for the tests.
 */
final class StreamAppFixture implements AutoCloseable {

    final TestKafka kafka;
    final TestRegistry registry;
    final String model;
    final String observations;
    final String weights;
    final String predictions;
    final String anomalies;
    final String deadLetters;
    final String applicationId;
    private final List<NowcastStreamApp> apps = new ArrayList<>();
    private final KafkaProducer<String, Observation> observationProducer;
    private final KafkaProducer<String, WeightSnapshot> snapshotProducer;

    StreamAppFixture(TestKafka kafka, TestRegistry registry, String model, int partitions) {
        this.kafka = kafka;
        this.registry = registry;
        this.model = model;
        observations = kafka.createTopic("observations", partitions);
        weights = kafka.createTopic("weights", 1, Map.of("cleanup.policy", "compact"));
        predictions = kafka.createTopic("predictions", partitions);
        anomalies = kafka.createTopic("anomalies", partitions);
        deadLetters = kafka.createTopic("dead-letters", 1);
        applicationId = kafka.uniqueName("app");
        observationProducer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), serializer());
        snapshotProducer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), serializer());
    }

    Map<String, String> settings(Map<String, String> extra) {
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

    NowcastStreamApp startApp(Map<String, String> extra) {
        NowcastConfig config = NowcastConfig.load(null, Map.of(), settings(extra), StreamSettings.ALL,
                StreamSettings.passthrough());
        NowcastStreamApp app = NowcastStreamApp.start(config);
        apps.add(app);
        return app;
    }

    void publish(ModelSnapshot snapshot) throws Exception {
        snapshotProducer.send(new ProducerRecord<>(weights, snapshot.model(), WeightSnapshotMapping.toAvro(snapshot))).get();
    }

    /** Sends points {@code [from, to)} of every series, interleaved in time order as a live feed would be. */
    void replay(List<Series> series, int from, int to) {
        for (int i = from; i < to; i++) {
            for (Series s : series) {
                if (i < s.size()) {
                    observationProducer.send(new ProducerRecord<>(observations, null, s.timestamps()[i], s.key(),
                            new Observation(s.key(), Instant.ofEpochMilli(s.timestamps()[i]), s.values()[i], List.of())));
                }
            }
        }
        observationProducer.flush();
    }

    List<ConsumerRecord<String, Prediction>> readPredictions(int expected) {
        return kafka.read(predictions, new StringDeserializer(), deserializer(Prediction.class), expected,
                Duration.ofSeconds(120));
    }

    List<ConsumerRecord<byte[], DeadLetter>> readDeadLetters(int expected) {
        return kafka.read(deadLetters, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                deserializer(DeadLetter.class), expected, Duration.ofSeconds(60));
    }

    <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroDeserializer<T> deserializer(Class<T> type) {
        SpecificAvroDeserializer<T> d = new SpecificAvroDeserializer<>(type);
        d.configure(Map.of("schema.registry.url", registry.url()), false);
        return d;
    }

    private <T extends org.apache.avro.specific.SpecificRecord> SpecificAvroSerializer<T> serializer() {
        SpecificAvroSerializer<T> s = new SpecificAvroSerializer<>();
        s.configure(Map.of("schema.registry.url", registry.url()), false);
        return s;
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static void awaitReady(NowcastStreamApp app, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!app.isReady()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("app not ready within " + timeout + ": " + app.streams().state()
                        + ", missing models " + app.models().missing());
            }
            Thread.sleep(100);
        }
    }


    @Override
    public void close() {
        apps.forEach(NowcastStreamApp::close);
        observationProducer.close();
        snapshotProducer.close();
    }
}
