package dev.nowcast.stream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nowcast.local.StreamAppProcess;
import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Prediction;
import dev.nowcast.local.TempDirs;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotSigning;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;
import dev.nowcast.trainer.signing.SigningKey;

/**
 * Bad weight snapshots on the real broker, to an app that verifies signatures: each is refused with its reason
 * (a log line, {@code nowcast_snapshots_rejected_total{reason}}, a dead letter INVALID_SNAPSHOT with the reason and
 * the snapshot's bytes, and {@code /models}), and the version in service keeps forecasting, also after a clean
 * restart on the same state directory and after a start from an empty one (which reads the whole weights topic
 * again). The app runs as {@code nowcast stream} in a child process.
 */
@LocalStackTest
class BadSnapshotIT {

    private static final int SERIES = 4;
    private static final int POINTS_PER_PHASE = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyBadSnapshotIsRefusedWithItsReasonAndTheVersionInServiceKeepsServingAcrossRestarts(TestKafka kafka,
            TestRegistry registry, @TempDir Path keys) throws Exception {
        KeyPair trusted = SigningKey.generate();
        KeyPair forger = SigningKey.generate();
        Path verificationKey = keys.resolve("verification.pem");
        SigningKey.write(trusted, keys.resolve("signing.pem"), verificationKey);
        String trustedId = SigningKey.fingerprint(trusted.getPublic());
        List<Series> series = TestModels.sines(SERIES, 4 * POINTS_PER_PHASE, 8);
        Path stateDir = kafka.stateDir();

        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 2)) {
            fixture.publish(SnapshotSigning.sign(TestModels.snapshot("sensors", 5), trusted.getPrivate(), trustedId));
            Map<String, String> settings = fixture.settings(Map.of(
                    "nowcast.snapshot.verification-key", verificationKey.toString(),
                    "nowcast.state.dir", stateDir.toString(),
                    "nowcast.live.series", "0"));

            Map<String, Published> bad = new LinkedHashMap<>();
            try (StreamAppProcess app = ChildApp.start("bad-snapshots-1", settings)
                    .awaitReady(Duration.ofSeconds(90))) {
                fixture.replay(series, 0, POINTS_PER_PHASE);

                // Signed with the trusted key unless the signature is the point: each fails for its own reason.
                bad.put("STALE_VERSION", signed(TestModels.snapshot("sensors", 3), trusted, trustedId));
                bad.put("SHAPE", signed(TestModels.withFirstTensorShape(TestModels.snapshot("sensors", 6)), trusted, trustedId));
                bad.put("NON_FINITE", signed(TestModels.withTensorValue(TestModels.snapshot("sensors", 7), Float.NaN),
                        trusted, trustedId));
                bad.put("CHECKSUM", signed(TestModels.withSha(TestModels.snapshot("sensors", 8), "00".repeat(32)),
                        trusted, trustedId));
                bad.put("UNKNOWN_CELL", signed(TestModels.withCellType(TestModels.snapshot("sensors", 9), "UNKNOWN"),
                        trusted, trustedId));
                bad.put("MODEL_MISMATCH", signed(TestModels.snapshot("prices", 10), trusted, trustedId));
                bad.put("SIGNATURE unsigned", new Published(TestModels.snapshot("sensors", 11)));
                bad.put("SIGNATURE forged", signed(TestModels.snapshot("sensors", 12), forger, trustedId));
                ModelSnapshot genuine = SnapshotSigning.sign(TestModels.snapshot("sensors", 13), trusted.getPrivate(), trustedId);
                bad.put("SIGNATURE altered after signing", new Published(new ModelSnapshot(genuine.model(), 14,
                        genuine.createdAt(), genuine.architecture(), genuine.normalisation(), genuine.tensors(),
                        genuine.trainingSummary(), genuine.sha256(), genuine.signature(), genuine.signingKeyId())));
                bad.put("UNDECODABLE", new Published(new byte[] {0, 0, 0, 0, 42, 1, 2, 3}));
                for (Published snapshot : bad.values()) {
                    if (snapshot.snapshot() != null) {
                        fixture.publish(snapshot.snapshot(), "sensors");
                    } else {
                        fixture.publishBytes("sensors", snapshot.bytes());
                    }
                }

                List<ConsumerRecord<byte[], DeadLetter>> letters = fixture.readDeadLetters(bad.size());
                assertThat(letters).hasSize(bad.size());
                List<String> reasons = new ArrayList<>();
                for (ConsumerRecord<byte[], DeadLetter> letter : letters) {
                    DeadLetter l = letter.value();
                    assertThat(l.getReason()).isEqualTo(DeadLetterReason.INVALID_SNAPSHOT);
                    assertThat(l.getSourceTopic()).isEqualTo(fixture.weights);
                    assertThat(new String(letter.key())).isEqualTo("sensors");
                    assertThat(l.getValue().remaining()).isPositive();
                    reasons.add(l.getDetail().toString().substring(0, l.getDetail().toString().indexOf(':')));
                }
                assertThat(reasons).containsExactly("STALE_VERSION", "SHAPE", "NON_FINITE", "CHECKSUM", "UNKNOWN_CELL",
                        "MODEL_MISMATCH", "SIGNATURE", "SIGNATURE", "SIGNATURE", "UNDECODABLE");
                assertRefusedAndServing(app, reasons);
                fixture.replay(series, POINTS_PER_PHASE, 2 * POINTS_PER_PHASE);
                assertThat(app.stop(Duration.ofSeconds(30))).isEqualTo(143);
            }

            // A clean restart on the same state directory: the kept snapshot serves before any record is read.
            try (StreamAppProcess app = ChildApp.start("bad-snapshots-2", settings).awaitReady(Duration.ofSeconds(90))) {
                assertThat(models(app).get("serving").get("version").asLong()).isEqualTo(5);
                assertThat(app.log()).contains("Model sensors version 5 in service, kept in the local store")
                        .doesNotContain("Rejected snapshot");
                fixture.replay(series, 2 * POINTS_PER_PHASE, 3 * POINTS_PER_PHASE);
                fixture.readPredictions(SERIES * 3 * POINTS_PER_PHASE);
                assertThat(app.stop(Duration.ofSeconds(30))).isEqualTo(143);
            }

            // A new instance (an empty state directory) reads the whole weights topic and refuses the same snapshots.
            TempDirs.deleteRecursively(stateDir);
            try (StreamAppProcess app = ChildApp.start("bad-snapshots-3", settings).awaitReady(Duration.ofSeconds(90))) {
                assertRefusedAndServing(app, List.of("STALE_VERSION", "SHAPE", "NON_FINITE", "CHECKSUM", "UNKNOWN_CELL",
                        "MODEL_MISMATCH", "SIGNATURE", "SIGNATURE", "SIGNATURE", "UNDECODABLE"));
                fixture.replay(series, 3 * POINTS_PER_PHASE, 4 * POINTS_PER_PHASE);
                List<ConsumerRecord<String, Prediction>> predictions = fixture.readPredictions(SERIES * 4 * POINTS_PER_PHASE);
                assertThat(predictions).hasSize(SERIES * 4 * POINTS_PER_PHASE)
                        .allSatisfy(p -> assertThat(p.value().getModelVersion()).isEqualTo(5));
                assertThat(predictions.stream().map(p -> p.key() + "@" + p.timestamp()).distinct()).hasSize(predictions.size());
            }
            System.out.printf("BadSnapshotIT: %d bad snapshots %s refused by a verifying app, version 5 served "
                    + "throughout, after a clean restart and from an empty state directory%n", bad.size(), bad.keySet());
        }
    }

    /** The refusals as the operator sees them: a log line and a metric per reason, and version 5 in {@code /models}. */
    private static void assertRefusedAndServing(StreamAppProcess app, List<String> reasons) throws Exception {
        String log = app.log();
        Map<String, Integer> perReason = new LinkedHashMap<>();
        reasons.forEach(r -> perReason.merge(r, 1, Integer::sum));
        String metrics = StreamAppFixture.get(app.httpUrl() + "/metrics").body();
        perReason.forEach((reason, count) -> {
            assertThat(log).as("log").containsPattern("Rejected snapshot of model sensors \\(version -?\\d+\\): " + reason
                    + ": .*version 5 keeps serving");
            assertThat(metrics).contains("nowcast_snapshots_rejected_total{model=\"sensors\",reason=\"" + reason + "\"} "
                    + count + ".0");
        });
        JsonNode model = models(app);
        assertThat(model.get("serving").get("version").asLong()).isEqualTo(5);
        assertThat(model.get("rejections")).extracting(r -> r.get("reason").asText()).containsExactlyElementsOf(reasons);
        assertThat(metrics).contains("nowcast_model_version{model=\"sensors\"} 5.0");
    }

    private static JsonNode models(StreamAppProcess app) throws Exception {
        return JSON.readTree(StreamAppFixture.get(app.httpUrl() + "/models").body()).get("models").get(0);
    }

    private static Published signed(ModelSnapshot snapshot, KeyPair key, String keyId) {
        return new Published(SnapshotSigning.sign(snapshot, key.getPrivate(), keyId));
    }

    /** What is published as a snapshot of model sensors: a snapshot, or bytes that are none. */
    private record Published(ModelSnapshot snapshot, byte[] bytes) {
        Published(ModelSnapshot snapshot) {
            this(snapshot, null);
        }

        Published(byte[] bytes) {
            this(null, bytes);
        }
    }
}
