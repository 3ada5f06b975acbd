package dev.nowcast.trainer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.nowcast.avro.Observation;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;
import dev.nowcast.trainer.history.History;
import dev.nowcast.trainer.history.HistoryLimits;
import dev.nowcast.trainer.history.HistorySource;
import dev.nowcast.trainer.history.Rejection;
import dev.nowcast.trainer.history.TopicHistorySource;
import dev.nowcast.trainer.kafka.KafkaClients;
import dev.nowcast.trainer.publish.ConcurrentPublicationException;
import dev.nowcast.trainer.publish.PublishedModel;
import dev.nowcast.trainer.publish.WeightsTopic;
import dev.nowcast.trainer.replay.Replay;
import dev.nowcast.trainer.replay.ReplayPace;
import dev.nowcast.trainer.replay.ReplayResult;
import dev.nowcast.trainer.replay.ReplaySettings;
import dev.nowcast.trainer.testing.Snapshots;
import dev.nowcast.trainer.testing.TestData;

/** The trainer's Kafka reads and writes on the real broker and registry, case by case. */
@LocalStackTest
class KafkaHistoryAndWeightsIT {
    private static final long HOUR = 3_600_000L;
    private static final long START = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();

    private static KafkaClients clients(TestKafka kafka, TestRegistry registry) {
        return new KafkaClients(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                Map.of("schema.registry.url", registry.url()));
    }

    @Test
    void aBoundedReadFromATimeSeesOnlyCommittedRecordsFromThatTimeOn(TestKafka kafka, TestRegistry registry)
            throws Exception {
        String topic = kafka.createTopic("observations", 2);
        KafkaClients clients = clients(kafka, registry);
        List<Series> data = List.of(TestData.series("a", START, HOUR, 100, i -> i),
                TestData.series("b", START, HOUR, 100, i -> 1000 + i));
        ReplayResult replayed = new Replay(data, ReplaySettings.of(topic, ReplayPace.asFastAsPossible()),
                clients.producer("test-replay")).start(p -> { }).get();
        assertThat(replayed.progress().acknowledged()).isEqualTo(200);
        // An aborted transaction's records take offsets but must never be read.
        Map<String, Object> transactional = new HashMap<>(kafka.producerConfig());
        transactional.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, kafka.uniqueName("tx"));
        SpecificAvroSerializer<Observation> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.url()), false);
        try (KafkaProducer<String, Observation> tx = new KafkaProducer<>(transactional, new StringSerializer(),
                serializer)) {
            tx.initTransactions();
            tx.beginTransaction();
            for (int i = 0; i < 10; i++) {
                long t = START + (100 + i) * HOUR;
                tx.send(new ProducerRecord<>(topic, null, t, "a", Observation.newBuilder().setSeriesId("a")
                        .setTimestamp(Instant.ofEpochMilli(t)).setValue(-1).build()));
            }
            tx.flush();
            tx.abortTransaction();
        }
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, null, START + 200 * HOUR, "b", new byte[] {0, 0, 0, 0, 1})).get();
        }

        History h = new TopicHistorySource(clients, List.of(topic)).read(
                new HistoryLimits(10, 1000, Instant.ofEpochMilli(START + 60 * HOUR)), HistorySource.ReadProgress.NONE,
                () -> false);

        assertThat(h.series()).hasSize(2).allSatisfy(s -> {
            assertThat(s.size()).isEqualTo(40);
            assertThat(s.timestamps()[0]).isEqualTo(START + 60 * HOUR);
            assertThat(s.values()).doesNotContain(-1.0);
        });
        // offsetsForTimes skipped the first 60 hours of each series instead of reading and dropping them.
        assertThat(h.stats().records()).isEqualTo(2 * 40 + 1);
        assertThat(h.stats().pointsBeforeFrom()).isZero();
        assertThat(h.stats().rejected()).containsEntry(Rejection.UNDECODABLE, 1L);
    }

    @Test
    void versionsNeverRepeatAndTheChampionIsTheHighestVersionThatLoads(TestKafka kafka, TestRegistry registry)
            throws Exception {
        String topic = kafka.createTopic("weights", 1, Map.of("cleanup.policy", "compact"));
        KafkaClients clients = clients(kafka, registry);
        WeightsTopic weights = new WeightsTopic(clients, topic);
        assertThat(weights.read("sensors", null).nextVersion()).isEqualTo(1);

        weights.publish(Snapshots.tiny("sensors", 1), weights.read("sensors", null));
        weights.publish(Snapshots.tiny("prices", 7), weights.read("prices", null));
        ModelSnapshot good = Snapshots.tiny("sensors", 2);
        ModelSnapshot corrupt = new ModelSnapshot("sensors", 3, good.createdAt(), good.architecture(),
                good.normalisation(), good.tensors(), good.trainingSummary(), "0".repeat(64), null, null);
        weights.publish(good, weights.read("sensors", null));
        weights.publish(corrupt, weights.read("sensors", null));

        PublishedModel sensors = weights.read("sensors", null);

        assertThat(sensors.topicExists()).isTrue();
        assertThat(sensors.highestVersion()).isEqualTo(3);
        assertThat(sensors.nextVersion()).isEqualTo(4);
        assertThat(sensors.champion().version()).isEqualTo(2);
        assertThat(sensors.championForecaster().version()).isEqualTo(2);
        assertThat(sensors.skipped()).singleElement().satisfies(s -> {
            assertThat(s.version()).isEqualTo(3);
            assertThat(s.reason()).startsWith(SnapshotException.Reason.CHECKSUM.name());
        });
        assertThat(weights.nonCompactedPolicy()).isEmpty();
        // Signed snapshots only: with a verification key, no unsigned snapshot can be champion.
        assertThat(weights.read("sensors", dev.nowcast.trainer.signing.SigningKey.generate().getPublic()).champion())
                .isNull();
    }

    @Test
    void aPublicationOvertakenByAnotherTrainerIsRefused(TestKafka kafka, TestRegistry registry) throws Exception {
        String topic = kafka.uniqueName("weights");
        WeightsTopic weights = new WeightsTopic(clients(kafka, registry), topic);
        PublishedModel seen = weights.read("sensors", null);
        assertThat(seen.topicExists()).isFalse();

        WeightsTopic.Publication first = weights.publish(Snapshots.tiny("sensors", 1), seen);

        assertThat(first.createdTopic()).isTrue();
        assertThatThrownBy(() -> weights.publish(Snapshots.tiny("sensors", 1), seen))
                .isInstanceOf(ConcurrentPublicationException.class)
                .hasMessageContaining("another snapshot of model sensors (version 1) was published to " + topic);
        // A snapshot of another model in between is no conflict.
        PublishedModel before = weights.read("sensors", null);
        weights.publish(Snapshots.tiny("prices", 1), weights.read("prices", null));
        assertThat(weights.publish(Snapshots.tiny("sensors", 2), before).offset()).isEqualTo(2);
    }

    @Test
    void tombstonesEndTheChampionButNotTheVersionHistory(TestKafka kafka, TestRegistry registry) throws Exception {
        String topic = kafka.createTopic("weights", 1, Map.of("cleanup.policy", "compact"));
        WeightsTopic weights = new WeightsTopic(clients(kafka, registry), topic);
        weights.publish(Snapshots.tiny("sensors", 5), weights.read("sensors", null));
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topic, "sensors", null)).get();
        }

        PublishedModel sensors = weights.read("sensors", null);

        assertThat(sensors.champion()).isNull();
        assertThat(sensors.nextVersion()).isEqualTo(6);
    }
}
