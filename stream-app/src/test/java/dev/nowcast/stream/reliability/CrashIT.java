package dev.nowcast.stream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.nowcast.local.StreamAppProcess;
import dev.nowcast.local.TempDirs;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * kill -9 of the stream app, again and again, while observations arrive: afterwards, read with read_committed,
 * there is exactly one prediction per observation, with the same bits as an uninterrupted run of the same data and
 * snapshot, and every series' final state in the changelog is the uninterrupted run's.
 *
 * <p>The app runs as a child process ({@code nowcast stream}) with a state directory of its own that survives the
 * kills, as a pod's persistent volume does, and a static membership id, as a StatefulSet pod has; one restart
 * starts from an empty state directory instead (a pod moved to another node), which restores from the changelog.
 * Kills come at random moments after the process has started: during restoration, rebalancing or processing.
 *
 * <p>CI size: 200 series x 100 points, 5 kills. {@code scripts/reliability/crash.sh} runs the full size (the
 * system properties {@code reliability.series}, {@code reliability.points}, {@code reliability.kills},
 * {@code reliability.rate} and {@code reliability.seed}).
 */
@LocalStackTest
class CrashIT {

    private static final int SERIES = Integer.getInteger("reliability.series", 200);
    private static final int POINTS = Integer.getInteger("reliability.points", 100);
    private static final int KILLS = Integer.getInteger("reliability.kills", 5);
    /** Observations per second of the live feed: slow enough that the kills land while it is still arriving. */
    private static final int RATE = Integer.getInteger("reliability.rate", 800);
    private static final long SEED = Long.getLong("reliability.seed", System.nanoTime());
    /** The restart after this kill starts from an empty state directory. */
    private static final int EMPTY_STATE_AFTER_KILL = 3;

    /** One kill: when, and how far the run had got as a downstream reader saw it. */
    private record Kill(int number, long afterStartMillis, int sent, long committed, boolean emptyStateNext) {
    }

    @Test
    void killedWhileObservationsArriveTheAppLosesAndDoublesNothing(TestKafka kafka, TestRegistry registry)
            throws Exception {
        int total = SERIES * POINTS;
        Random random = new Random(SEED);
        List<Series> series = TestModels.sines(SERIES, POINTS, 21);
        Path stateDir = kafka.stateDir();
        List<Kill> kills = new ArrayList<>();
        long started = System.nanoTime();
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 4);
             CommittedCount committed = new CommittedCount(kafka, fixture.predictions)) {
            fixture.publish(TestModels.snapshot("sensors", 1, CellType.LSTM, 3));
            Map<String, String> settings = new HashMap<>(fixture.settings(Map.of(
                    "nowcast.state.dir", stateDir.toString(),
                    "nowcast.instance.id", "crash-0",
                    "nowcast.live.series", "0")));

            try (PacedReplay feed = new PacedReplay(fixture, series, POINTS, RATE).start()) {
                for (int k = 1; k <= KILLS; k++) {
                    StreamAppProcess app = ChildApp.start("crash-" + SEED, settings);
                    try {
                        app.awaitStarted(Duration.ofSeconds(90));
                        long delay = 500 + random.nextInt(4_500);
                        Thread.sleep(delay);
                        boolean emptyNext = k == EMPTY_STATE_AFTER_KILL;
                        kills.add(new Kill(k, delay, feed.sent(), committed.get(), emptyNext));
                        app.kill();
                        if (emptyNext) {
                            TempDirs.deleteRecursively(stateDir);
                        }
                    } finally {
                        app.close();
                    }
                }
                feed.awaitDone(Duration.ofMinutes(10));
            }
            // After the last kill, a final start finishes the work; a clean stop commits its last transaction.
            try (StreamAppProcess app = ChildApp.start("crash-" + SEED, settings)) {
                app.awaitStarted(Duration.ofSeconds(90));
                committed.awaitAtLeast(total, Duration.ofMinutes(5), () -> "app log:\n" + app.logTail(30));
                // The child runs the model's kernels as this JVM does (JavaProcess.Builder.modelJvmOptions).
                assertThat(app.log()).contains("model kernels: Vector API");
                assertThat(app.stop(Duration.ofSeconds(30))).as("exit code of a clean stop (SIGTERM)").isEqualTo(143);
            }
            long crashMillis = (System.nanoTime() - started) / 1_000_000;
            RunOutputs crashed = RunOutputs.read(fixture);

            try (StreamAppFixture reference = fixture.sameInputs();
                 CommittedCount referenceCount = new CommittedCount(kafka, reference.predictions)) {
                reference.startApp(Map.of("nowcast.live.series", "0"));
                referenceCount.awaitAtLeast(total, Duration.ofMinutes(5), () -> "reference run");
                reference.closeApps();
                crashed.assertSameAs(RunOutputs.read(reference), total);
            }

            assertThat(kills).hasSize(KILLS);
            assertThat(kills).filteredOn(kill -> kill.committed() > 0 && kill.committed() < total)
                    .as("kills while the run was under way: %s", kills).isNotEmpty();
            System.out.printf("CrashIT: %d observations over %d series, %d kills (seed %d) in %d s; %s; "
                            + "predictions %d, doubled 0, lost 0, differing 0; series states identical: %d%n",
                    total, SERIES, KILLS, SEED, crashMillis / 1000, kills, crashed.predictionCount(),
                    crashed.finalStates().size());
        }
    }
}
