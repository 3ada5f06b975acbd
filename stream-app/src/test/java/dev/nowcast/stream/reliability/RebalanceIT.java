package dev.nowcast.stream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import dev.nowcast.model.data.Series;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * A second instance joins mid-stream and leaves again (scale out, scale in) while observations arrive and a client
 * keeps asking the first instance for {@code /series/{id}}: no prediction is lost or doubled (the outputs equal an
 * uninterrupted run's bit for bit), and every answer is the series or a 503 while the stores move, which a client
 * retries (the answer carries {@code Retry-After}).
 *
 * <p>CI size: 100 series x 100 points. {@code scripts/reliability/rebalance.sh} runs 1,000 series x 100 points.
 */
@LocalStackTest
class RebalanceIT {

    private static final int SERIES = Integer.getInteger("reliability.series", 100);
    private static final int POINTS = Integer.getInteger("reliability.points", 100);
    private static final int RATE = Integer.getInteger("reliability.rate", 500);

    @Test
    void aSecondInstanceJoinsAndLeavesMidStreamWithoutLossDoublesOrUnansweredQueries(TestKafka kafka,
            TestRegistry registry) throws Exception {
        int total = SERIES * POINTS;
        List<Series> series = TestModels.sines(SERIES, POINTS, 31);
        Map<String, String> quiet = Map.of("nowcast.live.series", "0");
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 4);
             CommittedCount committed = new CommittedCount(kafka, fixture.predictions)) {
            fixture.publish(TestModels.snapshot("sensors", 1));
            NowcastStreamApp first = fixture.startApp(quiet);
            StreamAppFixture.awaitReady(first, Duration.ofSeconds(60));
            NowcastStreamApp second;
            try (PacedReplay feed = new PacedReplay(fixture, series, POINTS, RATE).start()) {
                committed.awaitAtLeast(2L * SERIES, Duration.ofMinutes(2), () -> "before the queries");
                try (SeriesQueries queries = new SeriesQueries(first.httpUrl(), series)) {
                    committed.awaitAtLeast(total / 4, Duration.ofMinutes(2), () -> "before scaling out");
                    second = fixture.startApp(quiet);
                    StreamAppFixture.awaitReady(second, Duration.ofSeconds(60));
                    committed.awaitAtLeast(total * 3L / 5, Duration.ofMinutes(2), () -> "before scaling in");
                    assertThat(second.streams().metadataForLocalThreads().stream()
                            .mapToInt(t -> t.activeTasks().size()).sum()).as("tasks the second instance took").isPositive();
                    // Each instance counts the series of the stores its tasks restored: together, every series once.
                    awaitSeriesHeld(List.of(first, second), SERIES);
                    long leftAt = committed.get();
                    second.close();
                    feed.awaitDone(Duration.ofMinutes(5));
                    committed.awaitAtLeast(total, Duration.ofMinutes(5), () -> "after scaling in");
                    awaitSeriesHeld(List.of(first), SERIES);
                    assertThat(leftAt).isLessThan(total);

                    Map<String, Long> statuses = queries.statuses();
                    assertThat(statuses.keySet()).as("/series answers on the first instance: %s", statuses)
                            .contains("200").isSubsetOf("200", "503");
                    System.out.printf("RebalanceIT: %d observations over %d series; second instance joined, took tasks "
                                    + "and left at %d committed predictions; /series on the first instance: %s "
                                    + "(longest run of 503s %d ms)%n", total, SERIES, leftAt, statuses,
                            queries.longest503Millis());
                }
            }
            fixture.closeApps();
            RunOutputs scaled = RunOutputs.read(fixture);

            try (StreamAppFixture reference = fixture.sameInputs();
                 CommittedCount referenceCount = new CommittedCount(kafka, reference.predictions)) {
                reference.startApp(quiet);
                referenceCount.awaitAtLeast(total, Duration.ofMinutes(5), () -> "reference run");
                reference.closeApps();
                scaled.assertSameAs(RunOutputs.read(reference), total);
            }
        }
    }

    private static void awaitSeriesHeld(List<NowcastStreamApp> apps, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        double held = 0;
        while (System.nanoTime() < deadline) {
            held = apps.stream().mapToDouble(a -> a.meters().get("nowcast.series").tag("model", "sensors").gauge().value())
                    .sum();
            if (held == expected) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nowcast_series summed over " + apps.size() + " instance(s) is " + held + ", not "
                + expected);
    }

    /** A client asking one instance for {@code /series/{id}} of every series in turn, counting the answers by status. */
    private static final class SeriesQueries implements AutoCloseable {

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final Map<String, Long> statuses = new ConcurrentHashMap<>();
        private final AtomicLong longest503 = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        SeriesQueries(String baseUrl, List<Series> series) {
            thread = new Thread(() -> {
                long first503 = -1;
                for (int i = 0; running; i++) {
                    String status = status(URI.create(baseUrl + "/series/" + series.get(i % series.size()).key()));
                    statuses.merge(status, 1L, Long::sum);
                    long now = System.nanoTime();
                    if (status.startsWith("503")) {
                        first503 = first503 < 0 ? now : first503;
                        longest503.accumulateAndGet((now - first503) / 1_000_000, Math::max);
                    } else {
                        first503 = -1;
                    }
                    pause();
                }
            }, "series-queries");
            thread.setDaemon(true);
            thread.start();
        }

        /** The status, e.g. "200"; a 503 without Retry-After, or no answer at all, is told apart. */
        private String status(URI uri) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                boolean retryAfter = response.headers().firstValue("Retry-After").isPresent();
                return response.statusCode() + (response.statusCode() == 503 && !retryAfter ? " without Retry-After" : "");
            } catch (Exception e) {
                return "no answer: " + e;
            }
        }

        private static void pause() {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        Map<String, Long> statuses() {
            return new TreeMap<>(statuses);
        }

        long longest503Millis() {
            return longest503.get();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(15_000);
        }
    }
}
