package dev.nowcast.stream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.schemas.serde.SpecificAvroSerializer;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * Poison on the real broker, interleaved with valid traffic: every kind of bad record lands in the dead-letter
 * topic with its reason and its original key and value bytes, the app never stops, and the predictions and final
 * states of the valid series are bit for bit those of a run over the same valid records without the poison.
 * ({@code ForecastTopologyTest.PoisonInput} covers the rules; this is the proof through Kafka, the real registry
 * and the app's own serdes.)
 *
 * <p>CI size: 20 series x 40 points, one poison record per series-tick, 2 to 3 of each kind.
 * {@code scripts/reliability/poison.sh} runs 1,000 series x 100 points with 10,000 poison records.
 */
@LocalStackTest
class PoisonInputIT {

    private static final int SERIES = Integer.getInteger("reliability.series", 20);
    private static final int POINTS = Integer.getInteger("reliability.points", 40);
    /** Poison records sent after each tick (one point of every series). */
    private static final int POISON_PER_TICK = Integer.getInteger("reliability.poison-per-tick", 1);
    private static final long SEED = Long.getLong("reliability.seed", 17);

    /** The kinds of bad record, each with the reason it must be dead-lettered with (null: dropped and counted). */
    enum Poison {
        /** A valid header (magic byte and schema id), then noise where the Avro body should be. */
        RANDOM_BYTES(DeadLetterReason.MALFORMED),
        WRONG_MAGIC_BYTE(DeadLetterReason.WRONG_MAGIC_BYTE),
        UNKNOWN_SCHEMA_ID(DeadLetterReason.UNKNOWN_SCHEMA_ID),
        TRUNCATED_AVRO(DeadLetterReason.MALFORMED),
        NAN_VALUE(DeadLetterReason.NON_FINITE),
        INFINITE_COVARIATE(DeadLetterReason.NON_FINITE),
        NULL_KEY(DeadLetterReason.NULL_KEY),
        KEY_NOT_SERIES_ID(DeadLetterReason.KEY_MISMATCH),
        YEAR_1800(DeadLetterReason.BAD_TIMESTAMP),
        YEAR_2300(DeadLetterReason.BAD_TIMESTAMP),
        /** A Prediction, registered under its own subject, on the observation topic. */
        OTHER_SCHEMA(DeadLetterReason.WRONG_SCHEMA),
        /** A well-formed observation with 9,000 covariates: 72 KB, over the 64 KiB default limit. */
        OVERSIZED(DeadLetterReason.OVERSIZED),
        TOMBSTONE(DeadLetterReason.MALFORMED),
        COVARIATES_THE_MODEL_DOES_NOT_TAKE(DeadLetterReason.COVARIATE_MISMATCH),
        /** Older than the series' last point. */
        LATE(DeadLetterReason.LATE),
        /** The series' last timestamp again, with another value. */
        DUPLICATE(null);

        final DeadLetterReason reason;

        Poison(DeadLetterReason reason) {
            this.reason = reason;
        }
    }

    /** A poison record as sent: its kind, bytes, and where it landed. */
    private record Sent(Poison kind, byte[] key, byte[] value, Future<RecordMetadata> where) {
    }

    @Test
    void everyKindOfBadRecordIsDeadLetteredAndTheValidSeriesComputeAsWithoutIt(TestKafka kafka, TestRegistry registry)
            throws Exception {
        List<Series> series = TestModels.sines(SERIES, POINTS, 5);
        ModelSnapshot snapshot = TestModels.snapshot("sensors", 1);
        Random random = new Random(SEED);
        try (StreamAppFixture poisoned = new StreamAppFixture(kafka, registry, "sensors", 3);
             StreamAppFixture clean = new StreamAppFixture(kafka, registry, "sensors", 3);
             CommittedCount poisonedPredictions = new CommittedCount(kafka, poisoned.predictions);
             CommittedCount cleanPredictions = new CommittedCount(kafka, clean.predictions)) {
            poisoned.publish(snapshot);
            clean.publish(snapshot);
            Map<String, String> quiet = Map.of("nowcast.live.series", "0");
            NowcastStreamApp app = poisoned.startApp(quiet);
            clean.startApp(quiet);
            PoisonFactory factory = new PoisonFactory(poisoned, registry);

            List<Sent> sent = new ArrayList<>();
            List<Poison> kinds = new ArrayList<>();
            for (int i = 0; i < POINTS; i++) {
                poisoned.replay(series, i, i + 1);
                clean.replay(series, i, i + 1);
                for (int p = 0; p < POISON_PER_TICK; p++) {
                    if (kinds.isEmpty()) {
                        kinds.addAll(Arrays.asList(Poison.values()));
                        Collections.shuffle(kinds, random);
                    }
                    Poison kind = kinds.remove(kinds.size() - 1);
                    Series target = series.get(random.nextInt(series.size()));
                    byte[][] record = factory.record(kind, target, i);
                    sent.add(new Sent(kind, record[0], record[1],
                            poisoned.sendRaw(record[0], record[1], target.timestamps()[i])));
                }
                poisoned.flush();
            }

            int valid = SERIES * POINTS;
            long deadLettered = sent.stream().filter(s -> s.kind().reason != null).count();
            poisonedPredictions.awaitAtLeast(valid, Duration.ofMinutes(5), () -> "poisoned run");
            cleanPredictions.awaitAtLeast(valid, Duration.ofMinutes(5), () -> "clean run");
            List<ConsumerRecord<byte[], DeadLetter>> letters = poisoned.readDeadLetters((int) deadLettered);

            // The app never stopped, and counted what it refused.
            assertThat(app.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(StreamAppFixture.get(app.httpUrl() + "/health/live").statusCode()).isEqualTo(200);
            Map<DeadLetterReason, Long> expectedByReason = new EnumMap<>(DeadLetterReason.class);
            sent.stream().filter(s -> s.kind().reason != null).forEach(s -> expectedByReason.merge(s.kind().reason, 1L, Long::sum));
            expectedByReason.forEach((reason, count) -> assertThat(app.meters().get("nowcast.dead.letters")
                    .tag("reason", reason.name()).counter().count()).as("dead letters counted for %s", reason)
                    .isEqualTo(count.doubleValue()));
            long duplicates = sent.size() - deadLettered;
            assertThat(app.meters().get("nowcast.duplicates").tag("model", "sensors").counter().count())
                    .isEqualTo((double) duplicates);

            // One dead letter per refused record, at its offset, with its reason and original bytes.
            Map<String, DeadLetter> byOffset = new HashMap<>();
            for (ConsumerRecord<byte[], DeadLetter> letter : letters) {
                DeadLetter l = letter.value();
                assertThat(byOffset.put(l.getPartition() + "@" + l.getOffset(), l)).as("doubled dead letter").isNull();
                assertThat(letter.key()).isEqualTo(bytes(l.getKey()));
            }
            assertThat(letters).hasSize((int) deadLettered);
            for (Sent s : sent) {
                RecordMetadata where = s.where().get();
                DeadLetter letter = byOffset.get(where.partition() + "@" + where.offset());
                if (s.kind().reason == null) {
                    assertThat(letter).as("%s at %s", s.kind(), where).isNull();
                    continue;
                }
                assertThat(letter).as("dead letter of %s at %s", s.kind(), where).isNotNull();
                assertThat(letter.getReason()).as("%s: %s", s.kind(), letter.getDetail()).isEqualTo(s.kind().reason);
                assertThat(letter.getSourceTopic()).isEqualTo(poisoned.observations);
                assertThat(bytes(letter.getKey())).as("%s key", s.kind()).isEqualTo(s.key());
                assertThat(bytes(letter.getValue())).as("%s value", s.kind()).isEqualTo(s.value());
                assertThat(letter.getDetail()).isNotBlank();
            }
            assertThat(sent.stream().map(Sent::kind).distinct()).containsExactlyInAnyOrder(Poison.values());

            poisoned.closeApps();
            clean.closeApps();
            RunOutputs.read(poisoned).assertSameAs(RunOutputs.read(clean), valid);
            System.out.printf("PoisonInputIT: %d valid observations over %d series with %d poison records (%s) "
                            + "interleaved: %d dead letters, %d duplicates dropped, app RUNNING throughout, "
                            + "predictions and states identical to the clean run%n", valid, SERIES, sent.size(),
                    expectedByReason, letters.size(), duplicates);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Builds the key and value bytes of each kind of poison from a series that is flowing. */
    private static final class PoisonFactory {

        private final StreamAppFixture fixture;
        private final SpecificAvroSerializer<Prediction> predictions = new SpecificAvroSerializer<>();
        private final Random noise = new Random(3);

        PoisonFactory(StreamAppFixture fixture, TestRegistry registry) {
            this.fixture = fixture;
            predictions.configure(Map.of("schema.registry.url", registry.url()), false);
        }

        /** {key, value} of {@code kind} for {@code series}, whose points up to {@code last} were sent. */
        byte[][] record(Poison kind, Series series, int last) {
            byte[] key = series.key().getBytes(StandardCharsets.UTF_8);
            long next = series.timestamps()[last] + TestModels.STEP;
            byte[] valid = fixture.observationBytes(observation(series.key(), next, 20.0));
            return switch (kind) {
                case RANDOM_BYTES -> {
                    byte[] value = Arrays.copyOf(valid, 48);
                    byte[] garbage = new byte[43];
                    noise.nextBytes(garbage);
                    garbage[0] = -1; // a negative string length: never a readable seriesId
                    System.arraycopy(garbage, 0, value, 5, garbage.length);
                    yield new byte[][] {key, value};
                }
                case WRONG_MAGIC_BYTE -> {
                    byte[] value = valid.clone();
                    value[0] = 7;
                    yield new byte[][] {key, value};
                }
                case UNKNOWN_SCHEMA_ID -> {
                    byte[] value = valid.clone();
                    ByteBuffer.wrap(value).putInt(1, 0x7fff_fff0);
                    yield new byte[][] {key, value};
                }
                case TRUNCATED_AVRO -> new byte[][] {key, Arrays.copyOf(valid, valid.length - 5)};
                case NAN_VALUE -> new byte[][] {key, fixture.observationBytes(observation(series.key(), next, Double.NaN))};
                case INFINITE_COVARIATE -> new byte[][] {key, fixture.observationBytes(
                        observation(series.key(), next, 20.0, Double.NEGATIVE_INFINITY))};
                case NULL_KEY -> new byte[][] {null, valid};
                case KEY_NOT_SERIES_ID -> new byte[][] {"not-the-series-id".getBytes(StandardCharsets.UTF_8), valid};
                case YEAR_1800 -> new byte[][] {key, fixture.observationBytes(observation(series.key(),
                        Instant.parse("1800-01-01T00:00:00Z").toEpochMilli(), 20.0))};
                case YEAR_2300 -> new byte[][] {key, fixture.observationBytes(observation(series.key(),
                        Instant.parse("2300-01-01T00:00:00Z").toEpochMilli(), 20.0))};
                case OTHER_SCHEMA -> new byte[][] {key, predictions.serialize(fixture.predictions,
                        new Prediction(series.key(), "sensors", 1L, Instant.ofEpochMilli(next), 20.0, false, List.of()))};
                case OVERSIZED -> new byte[][] {key, fixture.observationBytes(observation(series.key(), next, 20.0,
                        new double[9_000]))};
                case TOMBSTONE -> new byte[][] {key, null};
                case COVARIATES_THE_MODEL_DOES_NOT_TAKE -> new byte[][] {key, fixture.observationBytes(
                        observation(series.key(), next, 20.0, 1.0, 2.0))};
                case LATE -> new byte[][] {key, fixture.observationBytes(observation(series.key(),
                        series.timestamps()[last] - 3 * TestModels.STEP, 99.0))};
                case DUPLICATE -> new byte[][] {key, fixture.observationBytes(observation(series.key(),
                        series.timestamps()[last], 99.0))};
            };
        }

        private static Observation observation(String id, long timestamp, double value, double... covariates) {
            List<Double> covs = new ArrayList<>();
            for (double c : covariates) {
                covs.add(c);
            }
            return new Observation(id, Instant.ofEpochMilli(timestamp), value, covs);
        }
    }
}
