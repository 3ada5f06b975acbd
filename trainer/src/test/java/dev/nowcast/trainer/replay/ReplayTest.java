package dev.nowcast.trainer.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.nowcast.avro.Observation;
import dev.nowcast.model.data.Series;
import dev.nowcast.trainer.testing.TestData;

class ReplayTest {
    private static final Serializer<Observation> NO_BYTES = (topic, value) -> new byte[0];

    private static MockProducer<String, Observation> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), NO_BYTES);
    }

    @Test
    void interleavesKeysInEventTimeOrderWithEventTimeAsTheRecordTimestamp() throws IOException {
        List<Series> series = List.of(
                new Series("b", new long[] {1000, 3000}, new double[] {1, 3}),
                new Series("a", new long[] {1000, 2000, 4000}, new double[] {10, 20, 40},
                        new double[] {0.1, 0.2, 0.4}, 1));
        MockProducer<String, Observation> producer = producer();

        ReplayResult result = new Replay(series, ReplaySettings.of("obs", ReplayPace.asFastAsPossible()), producer)
                .run(p -> { });

        List<ProducerRecord<String, Observation>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::key).containsExactly("b", "a", "a", "b", "a");
        assertThat(sent).extracting(ProducerRecord::timestamp).containsExactly(1000L, 1000L, 2000L, 3000L, 4000L);
        assertThat(sent).extracting(ProducerRecord::topic).containsOnly("obs");
        assertThat(sent).allSatisfy(r -> {
            assertThat(r.value().getSeriesId()).isEqualTo(r.key());
            assertThat(r.value().getTimestamp().toEpochMilli()).isEqualTo(r.timestamp());
        });
        assertThat(sent.get(2).value().getValue()).isEqualTo(20);
        assertThat(sent.get(2).value().getCovariates()).containsExactly(0.2);
        assertThat(sent.get(0).value().getCovariates()).isEmpty();
        assertThat(result.stopped()).isFalse();
        assertThat(result.progress().acknowledged()).isEqualTo(5);
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void aSpeedMapsEventTimeToWallTime() throws IOException {
        // Ten points a second apart at speed 20: 0.45 s of wall time between the first and the last.
        Series s = TestData.series("a", 0, 1000, 10, i -> i);
        long start = System.nanoTime();

        new Replay(List.of(s), ReplaySettings.of("obs", ReplayPace.speed(20)), producer()).run(p -> { });

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(430L, 2000L);
    }

    @Test
    void aRateSpacesRecordsEvenly() throws IOException {
        Series s = TestData.series("a", 0, 3_600_000, 11, i -> i);
        long start = System.nanoTime();

        new Replay(List.of(s), ReplaySettings.of("obs", ReplayPace.rate(40)), producer()).run(p -> { });

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).isBetween(240L, 2000L);
    }

    @Test
    void stopEndsAPacedReplayCleanly() throws Exception {
        Series s = TestData.series("a", 0, 1000, 1000, i -> i);
        MockProducer<String, Observation> producer = producer();
        Replay replay = new Replay(List.of(s), ReplaySettings.of("obs", ReplayPace.rate(100)), producer);
        List<ReplayProgress> progress = new ArrayList<>();

        CompletableFuture<ReplayResult> running = replay.start(progress::add);
        Thread.sleep(150);
        replay.stop();
        ReplayResult result = running.get(5, TimeUnit.SECONDS);

        assertThat(result.stopped()).isTrue();
        assertThat(result.progress().sent()).isBetween(1L, 100L);
        assertThat(result.progress().acknowledged()).isEqualTo(result.progress().sent());
        assertThat(producer.history()).hasSize((int) result.progress().sent());
        assertThat(producer.closed()).isTrue();
        assertThat(progress).last().isEqualTo(result.progress());
        assertThatThrownBy(() -> replay.run(p -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailedAcknowledgementEndsTheReplayWithTheCause() {
        // The broker refuses every record: the callback reports it, as a real producer's would.
        MockProducer<String, Observation> producer = new MockProducer<>(true, null, new StringSerializer(), NO_BYTES) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, Observation> record,
                                                            Callback callback) {
                TopicAuthorizationException e = new TopicAuthorizationException("not allowed to write to obs");
                callback.onCompletion(null, e);
                return CompletableFuture.failedFuture(e);
            }
        };
        Series s = TestData.series("a", 0, 1000, 3, i -> i);
        Replay replay = new Replay(List.of(s), ReplaySettings.of("obs", ReplayPace.asFastAsPossible()), producer);

        assertThatThrownBy(() -> replay.run(p -> { })).isInstanceOf(IOException.class)
                .hasMessageContaining("replay into obs failed after 0 acknowledged records")
                .hasMessageContaining("not allowed to write to obs");
        assertThat(replay.progress().sent()).isEqualTo(1);
    }

    @Test
    void aSendThatThrowsEndsTheReplayWithTheCause() {
        MockProducer<String, Observation> producer = producer();
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException(
                "Topic obs not present in metadata after 60000 ms.");
        Replay replay = new Replay(List.of(TestData.series("a", 0, 1000, 3, i -> i)),
                ReplaySettings.of("obs", ReplayPace.asFastAsPossible()), producer);

        assertThatThrownBy(() -> replay.run(p -> { })).isInstanceOf(IOException.class)
                .hasMessageContaining("not present in metadata");
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void paceIsEitherSpeedOrRate() {
        assertThatThrownBy(() -> new ReplayPace(2, 3)).hasMessageContaining("not both");
        assertThatThrownBy(() -> ReplayPace.speed(0)).hasMessageContaining("speed must be > 0");
        assertThat(ReplayPace.speed(3600).dueNanos(5, 3_600_000, 0)).isEqualTo(1_000_000_000L);
        assertThat(ReplayPace.rate(10).dueNanos(5, 0, 0)).isEqualTo(500_000_000L);
        assertThat(ReplayPace.asFastAsPossible().dueNanos(5, 99, 0)).isZero();
    }
}
