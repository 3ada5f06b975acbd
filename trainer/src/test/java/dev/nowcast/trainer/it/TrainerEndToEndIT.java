package dev.nowcast.trainer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.PemKeys;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;
import dev.nowcast.trainer.cli.EvaluateCommand;
import dev.nowcast.trainer.cli.KeygenCommand;
import dev.nowcast.trainer.cli.ReplayCommand;
import dev.nowcast.trainer.cli.TrainCommand;
import dev.nowcast.trainer.history.DataFingerprint;
import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.publish.SnapshotFiles;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;
import dev.nowcast.trainer.testing.TestData;
import picocli.CommandLine;

/**
 * The trainer's commands end to end on the real broker and registry, as an operator runs them: replay a flights
 * subset into an observation topic, train from the topic (bounded read), publish signed snapshots, and retrain:
 * better models become the next version, a worse one is not published unless forced.
 */
@LocalStackTest
class TrainerEndToEndIT {
    /** Learns the daily and weekly pattern in a few seconds. */
    private static final String[] GOOD = {"--hidden-size", "16", "--horizon", "6", "--warmup", "24", "--window", "24",
        "--stride", "3", "--batch-size", "32", "--epochs", "5", "--learning-rate", "0.01", "--threads", "2"};
    /** Barely trained. */
    private static final String[] POOR = {"--hidden-size", "2", "--horizon", "6", "--warmup", "24", "--window", "24",
        "--stride", "3", "--batch-size", "32", "--epochs", "1", "--learning-rate", "0.00001", "--threads", "2"};

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(Object command, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> args(List<String> common, String[] config, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(config));
        all.addAll(List.of(more));
        return all;
    }

    @Test
    void replayTrainPublishAndOnlyBetterModelsBecomeTheNextVersion(TestKafka kafka, TestRegistry registry)
            throws Exception {
        List<Series> data = TestData.flights(Set.of("ATL", "ORD", "DFW", "LAX"), 1200);
        Path csv = TestData.writeCsv(data, dir.resolve("flights.csv"));
        String observations = kafka.createTopic("observations", 3);
        String weights = kafka.uniqueName("weights");
        List<String> cluster = List.of("--set", "nowcast.bootstrap.servers=" + kafka.bootstrapServers(),
                "--set", "nowcast.schema.registry.url=" + registry.url(),
                "--set", "nowcast.topic.model-weights=" + weights);
        Path privateKey = dir.resolve("signing.pem");
        Path publicKeyFile = dir.resolve("verification.pem");
        assertThat(run(new KeygenCommand(), List.of("--private-key", privateKey.toString(), "--public-key",
                publicKeyFile.toString())).exitCode()).isZero();
        PublicKey publicKey = PemKeys.readPublicKey(publicKeyFile);

        Run replay = run(new ReplayCommand(), args(cluster, new String[0], "--csv", csv.toString(), "--topic",
                observations));
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("done: 4,800 of 4,800 records");
        // Records a stream app would dead-letter: the trainer counts and skips them.
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < 3; i++) {
                raw.send(new ProducerRecord<>(observations, "ATL", new byte[] {1, 2, 3})).get();
            }
        }

        // v1: a poor model from a bounded read of three of the four series.
        Run v1 = run(new TrainCommand(), args(cluster, POOR, "--model", "flights", "--topic", observations,
                "--max-series", "3", "--signing-key", privateKey.toString(), "--out", dir.resolve("v1.avro").toString()));
        assertThat(v1.exitCode()).as(v1.err()).isZero();
        assertThat(v1.out()).contains("history: 3 series, 3,600 points").contains("4,803 records read")
                .contains("champion: none on topic " + weights + "; this run trains v1")
                .contains("created topic " + weights + " (compacted, 1 partition)")
                .contains("published v1 to " + weights).contains("flights v1 published");
        assertThat(v1.err()).contains("warning: 3 history record(s) skipped: {UNDECODABLE=3}");
        assertThat(cleanupPolicy(kafka, weights)).isEqualTo("compact");

        // v2: a good model on every series beats v1, rescored on the same data.
        Run v2 = run(new TrainCommand(), args(cluster, GOOD, "--model", "flights", "--topic", observations,
                "--signing-key", privateKey.toString(), "--out", dir.resolve("v2.avro").toString(),
                "--report", dir.resolve("v2-report").toString()));
        assertThat(v2.exitCode()).as(v2.err()).isZero();
        assertThat(v2.out()).contains("history: 4 series, 4,800 points").contains("champion: flights v1; this run "
                + "trains v2").contains("decision: accepted: better than the champion").contains("flights v2 published");

        // v3: a poor model again is rejected, the champion stays...
        Run rejected = run(new TrainCommand(), args(cluster, POOR, "--model", "flights", "--topic", observations,
                "--signing-key", privateKey.toString(), "--out", dir.resolve("v3-rejected.avro").toString()));
        assertThat(rejected.exitCode()).as(rejected.err()).isZero();
        assertThat(rejected.out()).contains("champion: flights v2; this run trains v3")
                .contains("decision: rejected: not better than the champion").contains("flights v3 not published");
        ModelSnapshot notPublished = SnapshotFiles.read(dir.resolve("v3-rejected.avro"));
        assertThat(notPublished.version()).isEqualTo(3);
        assertThat(notPublished.trainingSummary().championVersion()).isEqualTo(2);
        assertThat(notPublished.trainingSummary().decision()).startsWith("rejected");
        assertThat(published(kafka, registry, weights, 2)).extracting(ModelSnapshot::version).containsExactly(1L, 2L);

        // ...unless forced.
        Run forced = run(new TrainCommand(), args(cluster, POOR, "--model", "flights", "--topic", observations,
                "--signing-key", privateKey.toString(), "--force"));
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("decision: accepted (forced)").contains("flights v3 published");

        List<ModelSnapshot> snapshots = published(kafka, registry, weights, 3);
        assertThat(snapshots).extracting(ModelSnapshot::version).containsExactly(1L, 2L, 3L);
        for (ModelSnapshot s : snapshots) {
            // Checksum and signature, exactly as a stream app verifying with the public key loads them.
            assertThat(SnapshotCodec.decode(s, publicKey).version()).isEqualTo(s.version());
            assertThat(s.model()).isEqualTo("flights");
        }
        ModelSnapshot.TrainingSummary first = snapshots.get(0).trainingSummary();
        ModelSnapshot.TrainingSummary second = snapshots.get(1).trainingSummary();
        ModelSnapshot.TrainingSummary third = snapshots.get(2).trainingSummary();
        assertThat(first.series()).isEqualTo(3);
        assertThat(first.championVersion()).isNull();
        assertThat(TrainingDetails.JSON.readTree(first.details()).at("/history/rejected/undecodable").asLong())
                .isEqualTo(3);
        assertThat(second.championVersion()).isEqualTo(1);
        assertThat(second.challengerScore()).isLessThan(second.championScore());
        assertThat(second.dataFingerprint()).isEqualTo(DataFingerprint.of(data.stream()
                .sorted(java.util.Comparator.comparing(Series::key)).toList()));
        assertThat(third.championVersion()).isEqualTo(2);
        assertThat(third.championScore()).isEqualTo(second.challengerScore());
        assertThat(third.decision()).startsWith("accepted (forced)");

        // evaluate on the CSV the topic was replayed from gives the published snapshot's held-out numbers.
        Run evaluate = run(new EvaluateCommand(), List.of("--snapshot", dir.resolve("v2.avro").toString(), "--csv",
                csv.toString(), "--json"));
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        JsonNode json = TrainingDetails.JSON.readTree(evaluate.out());
        assertThat(json.get("version").asLong()).isEqualTo(2);
        assertThat(json.get("mae").asDouble()).isEqualTo(second.metrics().get("mae"));
        assertThat(json.get("rmse").asDouble()).isEqualTo(second.metrics().get("rmse"));
        assertThat(json.get("coverage").asDouble()).isEqualTo(second.metrics().get("coverage"));
        assertThat(json.get("naiveMae").asDouble()).isEqualTo(second.baselines().get("naive.mae"));
        assertThat(json.get("seasonalNaiveMae").asDouble()).isEqualTo(second.baselines().get("seasonalNaive.mae"));
        assertThat(json.get("perHorizon")).hasSize(6);
        assertThat(Files.readString(dir.resolve("v2-report/report.html"))).contains("flights v2");
    }

    private static String cleanupPolicy(TestKafka kafka, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = kafka.admin().describeConfigs(List.of(resource)).all().get().get(resource);
        return config.get("cleanup.policy").value();
    }

    private static List<ModelSnapshot> published(TestKafka kafka, TestRegistry registry, String topic, int expected) {
        SpecificAvroDeserializer<WeightSnapshot> values = new SpecificAvroDeserializer<>(WeightSnapshot.class);
        values.configure(Map.of("schema.registry.url", registry.url()), false);
        List<ModelSnapshot> out = new ArrayList<>();
        for (ConsumerRecord<String, WeightSnapshot> r : kafka.read(topic, new StringDeserializer(), values, expected,
                Duration.ofSeconds(30))) {
            assertThat(r.key()).isEqualTo(r.value().getModel());
            out.add(WeightSnapshotMapping.fromAvro(r.value()));
        }
        return out;
    }
}
