package dev.nowcast.stream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import dev.nowcast.local.StreamAppProcess;
import dev.nowcast.local.LocalKafkaBroker;
import dev.nowcast.model.data.Series;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * The broker goes away mid-stream, longer than the session and transaction timeouts, and comes back on the same
 * ports and log directory: the app (a {@code nowcast stream} child process) stays up the whole time, recovers by
 * itself, and the committed predictions and final states are bit for bit those of an uninterrupted run, none lost
 * or doubled (exactly_once_v2). The broker is a dedicated in-JVM one ({@link LocalKafkaBroker#stop()} is a
 * controlled shutdown, as in a rolling broker restart).
 *
 * <p>CI size: 50 series x 80 points, the broker away 20 s. {@code scripts/reliability/broker-loss.sh} runs
 * 1,000 series x 100 points with the broker away 60 s ({@code reliability.outage-seconds}).
 */
@LocalStackTest
class BrokerLossIT {

    private static final int SERIES = Integer.getInteger("reliability.series", 50);
    private static final int POINTS = Integer.getInteger("reliability.points", 80);
    private static final int RATE = Integer.getInteger("reliability.rate", 250);
    private static final int OUTAGE_SECONDS = Integer.getInteger("reliability.outage-seconds", 20);

    @Test
    void theAppOutlivesTheBrokersAbsenceAndLosesAndDoublesNothing(TestRegistry registry, TestInfo test) throws Exception {
        int total = SERIES * POINTS;
        List<Series> series = TestModels.sines(SERIES, POINTS, 13);
        try (LocalKafkaBroker broker = LocalKafkaBroker.startDefault();
             TestKafka kafka = TestKafka.forBroker(broker.bootstrapServers(), test.getDisplayName());
             StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 3);
             CommittedCount committed = new CommittedCount(kafka, fixture.predictions)) {
            fixture.publish(TestModels.snapshot("sensors", 1));
            Map<String, Integer> liveStatus = new TreeMap<>();
            long committedBefore;
            long recoveryMillis;
            try (StreamAppProcess app = ChildApp.start("broker-loss",
                    fixture.settings(Map.of("nowcast.live.series", "0"))).awaitReady(Duration.ofSeconds(90));
                 PacedReplay feed = new PacedReplay(fixture, series, POINTS, RATE).start()) {
                committed.awaitAtLeast(total / 4, Duration.ofMinutes(2), () -> "before the outage");
                broker.stop();
                committedBefore = committed.get();
                long outageEnds = System.nanoTime() + Duration.ofSeconds(OUTAGE_SECONDS).toNanos();
                while (System.nanoTime() < outageEnds) {
                    assertThat(app.isAlive()).as("app process during the outage").isTrue();
                    liveStatus.merge("/health/live " + StreamAppFixture.get(app.httpUrl() + "/health/live").statusCode(),
                            1, Integer::sum);
                    Thread.sleep(1_000);
                }
                broker.start();
                long backAt = System.nanoTime();
                long committedAtRestart = committed.get();
                committed.awaitAtLeast(committedAtRestart + 1, Duration.ofMinutes(2),
                        () -> "first prediction after the broker came back; app log:\n" + app.logTail(40));
                recoveryMillis = (System.nanoTime() - backAt) / 1_000_000;
                feed.awaitDone(Duration.ofMinutes(5));
                committed.awaitAtLeast(total, Duration.ofMinutes(5), () -> "app log:\n" + app.logTail(40));
                assertThat(liveStatus).as("liveness during the outage").containsOnlyKeys("/health/live 200");
                assertThat(app.stop(Duration.ofSeconds(30))).isEqualTo(143);
            }
            RunOutputs disturbed = RunOutputs.read(fixture);

            try (StreamAppFixture reference = fixture.sameInputs();
                 CommittedCount referenceCount = new CommittedCount(kafka, reference.predictions)) {
                reference.startApp(Map.of("nowcast.live.series", "0"));
                referenceCount.awaitAtLeast(total, Duration.ofMinutes(5), () -> "reference run");
                reference.closeApps();
                disturbed.assertSameAs(RunOutputs.read(reference), total);
            }
            assertThat(committedBefore).as("the outage came mid-stream").isLessThan(total);
            System.out.printf("BrokerLossIT: %d observations over %d series; broker stopped after %d committed "
                            + "predictions, away %d s, app up throughout (%s), then all %d predictions exactly once, "
                            + "identical to an uninterrupted run; first new committed prediction %d ms after the "
                            + "broker was back%n", total, SERIES, committedBefore, OUTAGE_SECONDS,
                    liveStatus, disturbed.predictionCount(), recoveryMillis);
        }
    }
}
