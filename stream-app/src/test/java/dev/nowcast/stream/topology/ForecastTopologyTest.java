package dev.nowcast.stream.topology;

import static dev.nowcast.stream.testing.TestModels.START;
import static dev.nowcast.stream.testing.TestModels.STEP;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.ForecastStep;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.snapshot.SnapshotSigning;
import dev.nowcast.stream.testing.TestModels;

/** Every per-event rule of DESIGN.md on the real topology, in a TopologyTestDriver. */
class ForecastTopologyTest {

    @TempDir
    Path stateDir;
    TopologyHarness harness;

    @BeforeEach
    void start() {
        harness = new TopologyHarness(stateDir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private void observeSeries(Series series, int from, int to) {
        for (int i = from; i < to; i++) {
            harness.observe(series.key(), series.timestamps()[i], series.values()[i]);
        }
    }

    private static String header(TestRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Nested
    class BeforeAnySnapshot {

        @Test
        void everyReasonTaggedCounterExistsFromTheStartAtZero() {
            for (String reason : dev.nowcast.stream.serving.SnapshotProcessor.REJECTION_REASONS) {
                var counter = harness.meters.find("nowcast.snapshots.rejected").tags("model", "sensors", "reason", reason)
                        .counter();
                assertThat(counter).as(reason).isNotNull();
                assertThat(counter.count()).isZero();
            }
            assertThat(dev.nowcast.stream.serving.SnapshotProcessor.REJECTION_REASONS)
                    .contains("UNDECODABLE", "STALE_VERSION", "MODEL_MISMATCH", "CHECKSUM", "SIGNATURE");
            assertThat(harness.meters.find("nowcast.snapshots.accepted").tags("model", "sensors").counter()).isNotNull();
            for (DeadLetterReason reason : DeadLetterReason.values()) {
                assertThat(harness.meters.find("nowcast.dead.letters").tags("reason", reason.name()).counter())
                        .as(reason.name()).isNotNull();
            }
            assertThat(harness.meters.find("nowcast.scored").tags("model", "sensors").counter()).isNotNull();
        }

        @Test
        void theSeriesCountIsTheNumberOfSeriesHeldWhateverTheObservationsAndAfterARestart() {
            harness.publish(TestModels.snapshot("sensors", 1));
            List<Series> five = TestModels.sines(5, 40, 3);
            for (Series s : five) {
                observeSeries(s, 0, 40);
            }
            assertThat(harness.gauge("nowcast.series", "model", "sensors")).isEqualTo(5);
            harness.observe("bad-series", TestModels.START, Double.NaN); // dead-lettered: not held
            assertThat(harness.gauge("nowcast.series", "model", "sensors")).isEqualTo(5);

            observeSeries(TestModels.sines(7, 2, 4).get(6), 0, 2);
            assertThat(harness.gauge("nowcast.series", "model", "sensors")).isEqualTo(6);
            // A closed task gives its series back (counted again by whichever instance restores its store:
            // RebalanceIT).
            var meters = harness.meters;
            harness.close();
            assertThat(meters.get("nowcast.series").tag("model", "sensors").gauge().value()).isZero();
            harness = new TopologyHarness(stateDir);
        }

        @Test
        void observationsAreRecordedButNotForecastAndReadinessNamesTheModel() {
            Series s = TestModels.sines(1, 20, 1).get(0);
            observeSeries(s, 0, 20);

            assertThat(harness.predictions.isEmpty()).isTrue();
            assertThat(harness.deadLetters.isEmpty()).isTrue();
            assertThat(harness.registry.missing()).containsExactly(TopologyHarness.MODEL);
            SeriesState state = harness.state(s.key());
            assertThat(state.observations()).isEqualTo(20);
            assertThat(state.ringSize()).isEqualTo(20);
            assertThat(state.modelVersion()).isEqualTo(SeriesState.NO_MODEL);
            assertThat(harness.counter("nowcast.observations.unmodelled", "model", "sensors")).isEqualTo(20);
        }

        @Test
        void theFirstSnapshotIsUsedFromTheNextRecordAfterARebuildFromTheRingBuffer() {
            Series s = TestModels.sines(1, 30, 1).get(0);
            observeSeries(s, 0, 20);
            harness.publish(TestModels.snapshot("sensors", 1));
            assertThat(harness.registry.missing()).isEmpty();

            observeSeries(s, 20, 21);
            TestRecord<String, Prediction> first = harness.predictions.readRecord();
            assertThat(first.value().getModelVersion()).isEqualTo(1);
            // Rebuilt from 20 ring points, more than the warm-up of 8: warm at once.
            assertThat(first.value().getWarm()).isTrue();
            assertThat(harness.counter("nowcast.series.rebuilds", "model", "sensors")).isEqualTo(1);
        }
    }

    @Nested
    class Predictions {

        @Test
        void oneEventTimePredictionPerObservationWithModelHeadersAndColdStart() {
            harness.publish(TestModels.snapshot("sensors", 4));
            Series s = TestModels.sines(1, 12, 1).get(0);
            observeSeries(s, 0, 12);

            List<TestRecord<String, Prediction>> out = harness.predictions.readRecordsToList();
            assertThat(out).hasSize(12);
            for (int i = 0; i < out.size(); i++) {
                TestRecord<String, Prediction> r = out.get(i);
                assertThat(r.key()).isEqualTo(s.key());
                assertThat(r.timestamp()).isEqualTo(s.timestamps()[i]);
                assertThat(header(r, OutputRecords.MODEL_HEADER)).isEqualTo("sensors");
                assertThat(header(r, OutputRecords.VERSION_HEADER)).isEqualTo("4");
                Prediction p = r.value();
                assertThat(p.getSeriesId()).isEqualTo(s.key());
                assertThat(p.getModel()).isEqualTo("sensors");
                assertThat(p.getObservedAt()).isEqualTo(Instant.ofEpochMilli(s.timestamps()[i]));
                assertThat(p.getObservedValue()).isEqualTo(s.values()[i]);
                // warm=false until the model's warm-up (8 points) has been seen
                assertThat(p.getWarm()).isEqualTo(i + 1 >= TestModels.WARMUP);
                ForecastStep step = p.getSteps().get(0);
                assertThat(step.getHorizon()).isEqualTo(1);
                assertThat(step.getTargetTime()).isEqualTo(Instant.ofEpochMilli(s.timestamps()[i] + STEP));
                assertThat(step.getP10()).isLessThan(step.getP50());
                assertThat(step.getP50()).isLessThan(step.getP90());
                assertThat(step.getStddev()).isPositive();
                assertThat(step.getProbUp()).isBetween(0.0, 1.0);
            }
            assertThat(harness.counter("nowcast.predictions", "model", "sensors")).isEqualTo(12);
        }

        @Test
        void predictionsEqualTheModelLibrarysStepBitForBit() throws Exception {
            ModelSnapshot snapshot = TestModels.snapshot("sensors", 2, CellType.LSTM, 3);
            harness.publish(snapshot);
            List<Series> series = TestModels.sines(3, 60, 5);
            // Interleave the series, as a topic would.
            for (int i = 0; i < 60; i++) {
                for (Series s : series) {
                    harness.observe(s.key(), s.timestamps()[i], s.values()[i]);
                }
            }
            List<Prediction> out = harness.predictions.readValuesToList();
            assertThat(out).hasSize(180);

            Forecaster reference = SnapshotCodec.decode(snapshot);
            for (Series s : series) {
                SeriesState state = reference.newState();
                StepResult result = new StepResult();
                List<Prediction> ofSeries = out.stream().filter(p -> p.getSeriesId().equals(s.key())).toList();
                for (int i = 0; i < 60; i++) {
                    reference.observe(state, s.timestamps()[i], s.values()[i], null, result);
                    List<ForecastStep> steps = ofSeries.get(i).getSteps();
                    assertThat(steps).hasSize(3);
                    for (int h = 1; h <= 3; h++) {
                        assertThat(Double.doubleToRawLongBits(steps.get(h - 1).getMean()))
                                .as("%s point %d horizon %d", s.key(), i, h)
                                .isEqualTo(Double.doubleToRawLongBits(result.mean(h)));
                        assertThat(Double.doubleToRawLongBits(steps.get(h - 1).getStddev()))
                                .isEqualTo(Double.doubleToRawLongBits(result.stddev(h)));
                    }
                }
            }
        }
    }

    @Nested
    class ModelLifecycle {

        @Test
        void aNewSnapshotSwitchesVersionsAndRebuildsEachSeriesOnItsNextRecord() {
            harness.publish(TestModels.snapshot("sensors", 1));
            List<Series> series = TestModels.sines(2, 40, 2);
            for (Series s : series) {
                observeSeries(s, 0, 20);
            }
            harness.publish(TestModels.snapshot("sensors", 2, CellType.LSTM, 1));
            for (Series s : series) {
                observeSeries(s, 20, 40);
            }
            List<TestRecord<String, Prediction>> out = harness.predictions.readRecordsToList();
            assertThat(out).hasSize(80);
            assertThat(out.subList(0, 40)).allSatisfy(r -> assertThat(r.value().getModelVersion()).isEqualTo(1));
            assertThat(out.subList(40, 80)).allSatisfy(r -> {
                assertThat(r.value().getModelVersion()).isEqualTo(2);
                assertThat(header(r, OutputRecords.VERSION_HEADER)).isEqualTo("2");
            });
            assertThat(harness.counter("nowcast.series.rebuilds", "model", "sensors")).isEqualTo(2);
            assertThat(harness.state(series.get(0).key()).modelVersion()).isEqualTo(2);
        }

        @Test
        void invalidSnapshotsAreRejectedWithAReasonAndThePreviousVersionKeepsServing() {
            ModelSnapshot good = TestModels.snapshot("sensors", 5);
            harness.publish(good);

            ModelSnapshot stale = TestModels.snapshot("sensors", 3);
            ModelSnapshot badChecksum = TestModels.withSha(TestModels.snapshot("sensors", 6), "00".repeat(32));
            ModelSnapshot nanWeights = TestModels.withTensorValue(TestModels.snapshot("sensors", 7), Float.NaN);
            ModelSnapshot wrongShape = TestModels.withFirstTensorShape(TestModels.snapshot("sensors", 8));
            ModelSnapshot unknownCell = TestModels.withCellType(TestModels.snapshot("sensors", 9), "UNKNOWN");
            for (ModelSnapshot bad : List.of(stale, badChecksum, nanWeights, wrongShape, unknownCell)) {
                harness.publish(bad);
            }
            harness.rawWeights.pipeInput("sensors", new byte[] {0, 0, 0, 0, 99, 1, 2});

            assertThat(harness.registry.slot("sensors").serving().version()).isEqualTo(5);
            assertThat(harness.registry.slot("sensors").rejections()).extracting(r -> r.reason())
                    .containsExactly("STALE_VERSION", "CHECKSUM", "NON_FINITE", "SHAPE", "UNKNOWN_CELL", "UNDECODABLE");
            assertThat(harness.rejectedSnapshots).hasSize(6).allSatisfy(letter -> {
                assertThat(letter.getReason()).isEqualTo(DeadLetterReason.INVALID_SNAPSHOT);
                assertThat(letter.getSourceTopic()).isEqualTo(TopologyHarness.WEIGHTS);
                assertThat(letter.getValue()).isNotNull();
            });
            assertThat(harness.rejectedSnapshots.get(1).getDetail()).startsWith("CHECKSUM: sha256 of the tensors is ");
            assertThat(harness.counter("nowcast.snapshots.rejected", "model", "sensors", "reason", "CHECKSUM")).isEqualTo(1);

            Series s = TestModels.sines(1, 3, 1).get(0);
            observeSeries(s, 0, 3);
            assertThat(harness.predictions.readValuesToList())
                    .allSatisfy(p -> assertThat(p.getModelVersion()).isEqualTo(5));
        }

        @Test
        void withAVerificationKeyOnlySignedSnapshotsAreAccepted(@TempDir Path otherDir) {
            KeyPair trusted = TestModels.ed25519();
            KeyPair forger = TestModels.ed25519();
            try (TopologyHarness signed = new TopologyHarness(otherDir, trusted.getPublic(), 3.0)) {
                signed.publish(TestModels.snapshot("sensors", 1));
                signed.publish(SnapshotSigning.sign(TestModels.snapshot("sensors", 2), forger.getPrivate(), "forger"));
                assertThat(signed.registry.slot("sensors").serving()).isNull();
                signed.publish(SnapshotSigning.sign(TestModels.snapshot("sensors", 3), trusted.getPrivate(), "trainer"));
                assertThat(signed.registry.slot("sensors").serving().version()).isEqualTo(3);
                assertThat(signed.registry.slot("sensors").rejections()).extracting(r -> r.reason())
                        .containsExactly("SIGNATURE", "SIGNATURE");
            }
        }

        @Test
        void snapshotsOfOtherModelsAreIgnored() {
            harness.publish(TestModels.snapshot("prices", 1));
            assertThat(harness.registry.missing()).containsExactly("sensors");
            assertThat(harness.rejectedSnapshots).isEmpty();
        }
    }

    @Nested
    class Time {

        @BeforeEach
        void model() {
            harness.publish(TestModels.snapshot("sensors", 1));
        }

        @Test
        void lateRecordsAreDeadLetteredAndDuplicatesDroppedWithoutTouchingState() {
            harness.observe("s0", START + 10 * STEP, 20);
            harness.observe("s0", START + 11 * STEP, 21);
            byte[] before = stateBytes("s0");
            harness.observe("s0", START + 5 * STEP, 22);   // late
            harness.observe("s0", START + 11 * STEP, 23);  // duplicate

            assertThat(harness.predictions.readValuesToList()).hasSize(2);
            DeadLetter late = harness.deadLetters.readValue();
            assertThat(late.getReason()).isEqualTo(DeadLetterReason.LATE);
            assertThat(late.getDetail()).contains("older than");
            assertThat(harness.deadLetters.isEmpty()).isTrue();
            assertThat(stateBytes("s0")).isEqualTo(before);
            assertThat(harness.counter("nowcast.late", "model", "sensors")).isEqualTo(1);
            assertThat(harness.counter("nowcast.duplicates", "model", "sensors")).isEqualTo(1);
            assertThat(harness.counter("nowcast.dead.letters", "reason", "LATE")).isEqualTo(1);
        }

        @Test
        void aLongGapRestartsTheSeries() {
            Series s = TestModels.sines(1, 20, 1).get(0);
            observeSeries(s, 0, 20);
            long afterGap = s.timestamps()[19] + 31 * STEP; // the test model's limit is 30 steps
            harness.observe(s.key(), afterGap, 21);

            List<Prediction> out = harness.predictions.readValuesToList();
            assertThat(out.get(19).getWarm()).isTrue();
            assertThat(out.get(20).getWarm()).isFalse();
            assertThat(harness.state(s.key()).observations()).isEqualTo(1);
            assertThat(harness.counter("nowcast.series.restarts", "model", "sensors")).isEqualTo(1);
        }

        private byte[] stateBytes(String series) {
            return harness.driver.<org.apache.kafka.common.utils.Bytes, byte[]>getKeyValueStore(
                    ForecastTopology.seriesStoreName("sensors"))
                    .get(org.apache.kafka.common.utils.Bytes.wrap(series.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Nested
    class OnlineEvaluation {

        @Test
        void errorsAgainstNaiveAndCoverageAreMeasuredAndOutliersFlagged() {
            harness.publish(TestModels.snapshot("sensors", 1));
            Series s = TestModels.sines(1, 200, 9).get(0);
            observeSeries(s, 0, 200);
            harness.observe(s.key(), s.timestamps()[199] + STEP, s.values()[199] + 1_000); // far outside any interval

            assertThat(harness.counter("nowcast.scored", "model", "sensors")).isEqualTo(200);
            double mae = harness.gauge("nowcast.online.mae", "model", "sensors");
            double naive = harness.gauge("nowcast.naive.mae", "model", "sensors");
            assertThat(mae).isPositive();
            assertThat(naive).isPositive();
            assertThat(harness.gauge("nowcast.interval.coverage", "model", "sensors")).isBetween(0.0, 1.0);

            List<dev.nowcast.avro.Anomaly> anomalies = harness.anomalies.readValuesToList();
            assertThat(anomalies).isNotEmpty();
            dev.nowcast.avro.Anomaly spike = anomalies.get(anomalies.size() - 1);
            assertThat(spike.getObservedValue()).isEqualTo(s.values()[199] + 1_000);
            assertThat(spike.getScore()).isGreaterThan(3.0);
            assertThat(spike.getUpper()).isLessThan(spike.getObservedValue());
            assertThat(harness.counter("nowcast.anomalies", "model", "sensors")).isEqualTo(anomalies.size());
        }

        @Test
        void aSeriesBeforeWarmUpFlagsNoAnomalyButCountsTheOutlier() {
            harness.publish(TestModels.snapshot("sensors", 1));
            Series s = TestModels.sines(1, 200, 9).get(0);
            int spikeAt = TestModels.WARMUP - 1; // scored against the last forecast made before warm-up
            observeSeries(s, 0, spikeAt);
            harness.observe(s.key(), s.timestamps()[spikeAt], s.values()[spikeAt] + 1_000);

            List<Prediction> predictions = harness.predictions.readValuesToList();
            assertThat(predictions).hasSize(spikeAt + 1);
            assertThat(predictions.get(spikeAt - 1).getWarm()).isFalse();
            assertThat(harness.anomalies.isEmpty()).isTrue();
            assertThat(harness.counter("nowcast.anomalies", "model", "sensors")).isZero();
            assertThat(harness.counter("nowcast.anomalies.unwarmed", "model", "sensors")).isEqualTo(1);
        }
    }

    @Nested
    class PoisonInput {

        @BeforeEach
        void model() {
            harness.publish(TestModels.snapshot("sensors", 1));
        }

        @Test
        void everyKindOfBadRecordIsDeadLetteredWithItsReasonAndOriginalBytes() {
            byte[] good = harness.observationBytes(obs("s1", START, 20.0));
            byte[] wrongMagic = good.clone();
            wrongMagic[0] = 7;
            byte[] unknownId = good.clone();
            unknownId[4] = 99;
            byte[] truncated = Arrays.copyOf(good, good.length - 5);
            // The observation schema's header, then garbage.
            byte[] random = Arrays.copyOf(good, 16);
            new java.util.Random(3).nextBytes(random);
            System.arraycopy(good, 0, random, 0, 5);
            random[5] = -1;
            byte[] oversized = new byte[5000];
            List<Object[]> cases = List.of(
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8), wrongMagic, DeadLetterReason.WRONG_MAGIC_BYTE},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8), unknownId, DeadLetterReason.UNKNOWN_SCHEMA_ID},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8), truncated, DeadLetterReason.MALFORMED},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8), random, DeadLetterReason.MALFORMED},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8), oversized, DeadLetterReason.OVERSIZED},
                    new Object[] {null, good, DeadLetterReason.NULL_KEY},
                    new Object[] {"other".getBytes(StandardCharsets.UTF_8), good, DeadLetterReason.KEY_MISMATCH},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8),
                            harness.observationBytes(obs("s1", START, Double.NaN)), DeadLetterReason.NON_FINITE},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8),
                            harness.observationBytes(obs("s1", START, 1.0, Double.POSITIVE_INFINITY)), DeadLetterReason.NON_FINITE},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8),
                            harness.observationBytes(obs("s1", Instant.parse("1800-01-01T00:00:00Z").toEpochMilli(), 1.0)),
                            DeadLetterReason.BAD_TIMESTAMP},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8),
                            harness.observationBytes(obs("s1", Instant.parse("2300-01-01T00:00:00Z").toEpochMilli(), 1.0)),
                            DeadLetterReason.BAD_TIMESTAMP},
                    new Object[] {"s1".getBytes(StandardCharsets.UTF_8),
                            harness.observationBytes(obs("s1", START, 1.0, 2.0)), DeadLetterReason.COVARIATE_MISMATCH});
            for (Object[] c : cases) {
                harness.rawObservations.pipeInput((byte[]) c[0], (byte[]) c[1], START);
            }
            // A record of another schema: a Prediction's bytes on the observation topic.
            harness.publishForeignRecord();

            List<TestRecord<byte[], DeadLetter>> letters = harness.deadLetters.readRecordsToList();
            assertThat(letters).hasSize(cases.size() + 1);
            for (int i = 0; i < cases.size(); i++) {
                Object[] c = cases.get(i);
                DeadLetter letter = letters.get(i).value();
                assertThat(letter.getReason()).as("case %d: %s", i, letter.getDetail()).isEqualTo(c[2]);
                assertThat(bytes(letter.getValue())).isEqualTo(c[1]);
                assertThat(letter.getKey() == null ? null : bytes(letter.getKey())).isEqualTo(c[0]);
                assertThat(letters.get(i).key()).isEqualTo(c[0]);
                assertThat(letter.getSourceTopic()).isEqualTo(TopologyHarness.OBSERVATIONS);
                assertThat(letter.getOffset()).isEqualTo(i);
                assertThat(letter.getDetail()).isNotBlank();
            }
            assertThat(letters.get(cases.size()).value().getReason()).isEqualTo(DeadLetterReason.WRONG_SCHEMA);
            assertThat(harness.predictions.isEmpty()).isTrue();
            assertThat(harness.state("s1")).isNull();

            harness.observe("s1", START, 20.0);
            assertThat(harness.predictions.readValuesToList()).hasSize(1);
            assertThat(harness.counter("nowcast.dead.letters", "reason", "NON_FINITE")).isEqualTo(2);
        }

        private static byte[] bytes(ByteBuffer buffer) {
            ByteBuffer b = buffer.duplicate();
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        }
    }

    private static Observation obs(String id, long ts, double value, double... covariates) {
        List<Double> covs = new ArrayList<>();
        for (double c : covariates) {
            covs.add(c);
        }
        return new Observation(id, Instant.ofEpochMilli(ts), value, covs);
    }
}
