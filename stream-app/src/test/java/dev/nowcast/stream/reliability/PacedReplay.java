package dev.nowcast.stream.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.nowcast.model.data.Series;
import dev.nowcast.stream.testing.StreamAppFixture;

/**
 * Replays series into the observation topic on a thread of its own, in time order and at a steady rate, as a live
 * feed arrives: one point of every series per tick. Whatever happens to the app meanwhile, the feed goes on.
 */
final class PacedReplay implements AutoCloseable {

    private final StreamAppFixture fixture;
    private final List<Series> series;
    private final int points;
    private final long tickNanos;
    private final AtomicInteger sent = new AtomicInteger();
    private final Thread thread;
    private volatile RuntimeException failure;

    /** Points {@code [0, points)} of every series at {@code perSecond} observations per second. */
    PacedReplay(StreamAppFixture fixture, List<Series> series, int points, double perSecond) {
        this.fixture = fixture;
        this.series = series;
        this.points = points;
        this.tickNanos = (long) (series.size() / perSecond * 1e9);
        this.thread = new Thread(this::run, "paced-replay");
        thread.setDaemon(true);
    }

    PacedReplay start() {
        thread.start();
        return this;
    }

    /** Observations handed to the producer so far. */
    int sent() {
        return sent.get();
    }

    boolean done() {
        return !thread.isAlive();
    }

    /** Waits until every observation is acknowledged by the broker. */
    void awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("replay not finished within " + timeout + ": " + sent() + " observations sent");
        }
        if (failure != null) {
            throw failure;
        }
        if (!fixture.failedSends().isEmpty()) {
            throw new AssertionError("the replay's producer could not deliver " + fixture.failedSends().size()
                    + " observation(s), so they never reached the app: " + fixture.failedSends());
        }
    }

    private void run() {
        try {
            long next = System.nanoTime();
            for (int i = 0; i < points; i++) {
                for (Series s : series) {
                    fixture.sendThroughOutages(s, i);
                }
                sent.addAndGet(series.size());
                next += tickNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            fixture.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
    }
}
