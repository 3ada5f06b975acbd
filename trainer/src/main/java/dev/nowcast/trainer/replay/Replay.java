package dev.nowcast.trainer.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import dev.nowcast.avro.Observation;
import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.trainer.kafka.KafkaClients;

/**
 * Produces history into an observation topic as {@link Observation} records (key: the series id, Kafka
 * timestamp: the event time), every key's points interleaved in event-time order, at a chosen
 * {@link ReplayPace}. The producer is idempotent with {@code acks=all}, so broker retries neither duplicate nor
 * reorder a key's records.
 *
 * <p>Run it on the caller's thread ({@link #run}) or a thread of its own ({@link #start}); {@link #stop} ends
 * it cleanly from any thread: records already sent are flushed and acknowledged before it returns. A replay runs
 * once. It holds the whole file in memory, in flat arrays (about 16 bytes per point plus 8 per covariate).
 */
public final class Replay {
    /** Lateness tolerated before the paced clock is moved on (scheduling jitter is not "falling behind"). */
    private static final long LAG_TOLERANCE_NANOS = 100_000_000L;

    private final List<Series> series;
    private final ReplaySettings settings;
    private final Producer<String, Observation> producer;
    private final long total;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile long eventTime = Long.MIN_VALUE;
    private volatile long startedNanos;

    /**
     * A replay of {@code series} through {@code producer}, which the replay closes when it ends.
     *
     * @param series time-ordered points of each key; equal timestamps across keys go in list order
     */
    public Replay(List<Series> series, ReplaySettings settings, Producer<String, Observation> producer) {
        this.series = List.copyOf(series);
        this.settings = settings;
        this.producer = producer;
        long n = 0;
        for (Series s : series) {
            n += s.size();
        }
        this.total = n;
    }

    /**
     * A replay of a long-format CSV ({@code key,timestamp,value[,covariate...]}) through an idempotent producer
     * of {@code clients}.
     *
     * @throws IOException if the file cannot be read; a malformed row names its line
     */
    public static Replay fromCsv(Path csv, ReplaySettings settings, KafkaClients clients) throws IOException {
        List<Series> series;
        try {
            series = LongCsvReader.readSeries(csv);
        } catch (IOException e) {
            throw new IOException(csv + ": " + e.getMessage(), e);
        }
        return new Replay(series, settings, clients.producer("nowcast-replay"));
    }

    /** Records this replay produces in all. */
    public long total() {
        return total;
    }

    /**
     * Runs the replay on the calling thread until every record is acknowledged or {@link #stop} is called.
     *
     * @param listener hears the progress every {@link ReplaySettings#progressInterval()} and at the end
     * @throws IOException           if the producer fails (e.g. the topic does not exist, or authorisation)
     * @throws IllegalStateException if this replay already ran
     */
    public ReplayResult run(Consumer<ReplayProgress> listener) throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("a replay runs once");
        }
        startedNanos = System.nanoTime();
        boolean stopped = false;
        try {
            stopped = produce(listener);
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } catch (KafkaException e) {
            failure.compareAndSet(null, e);
        } finally {
            producer.close(Duration.ofSeconds(30));
        }
        Exception e = failure.get();
        if (e != null) {
            throw new IOException("replay into " + settings.topic() + " failed after " + acknowledged.get()
                    + " acknowledged records: " + e.getMessage(), e);
        }
        ReplayProgress last = progress();
        listener.accept(last);
        return new ReplayResult(last, stopped);
    }

    /** Runs the replay on a new thread named {@code nowcast-replay}; the future completes when it ends. */
    public CompletableFuture<ReplayResult> start(Consumer<ReplayProgress> listener) {
        CompletableFuture<ReplayResult> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(run(listener));
            } catch (IOException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "nowcast-replay");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Ends the replay after the record in flight; safe from any thread, any number of times. */
    public void stop() {
        stopSignal.countDown();
    }

    /** Where the replay stands now. */
    public ReplayProgress progress() {
        long elapsed = startedNanos == 0 ? 0 : (System.nanoTime() - startedNanos) / 1_000_000;
        return new ReplayProgress(sent.get(), acknowledged.get(), total, eventTime, elapsed);
    }

    /** @return true if stopped before the end */
    private boolean produce(Consumer<ReplayProgress> listener) throws InterruptedException {
        EventTimeOrder order = new EventTimeOrder(series);
        long interval = settings.progressInterval().toNanos();
        long nextReport = startedNanos + interval;
        long first = order.hasNext() ? series.get(order.peekSeries()).timestamps()[0] : 0;
        // The start of the paced clock: moved forward when the replay falls behind, so it never bursts.
        long origin = startedNanos;
        long index = 0;
        while (order.hasNext()) {
            if (failure.get() != null) {
                return true;
            }
            int s = order.peekSeries();
            Series x = series.get(s);
            int i = order.point(s);
            long t = x.timestamps()[i];
            long due = origin + settings.pace().dueNanos(index, t, first);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                if (stopSignal.await(wait, TimeUnit.NANOSECONDS)) {
                    return true;
                }
            } else {
                if (stopSignal.getCount() == 0) {
                    return true;
                }
                if (-wait > LAG_TOLERANCE_NANOS) {
                    origin -= wait;
                }
            }
            send(x, i);
            eventTime = t;
            order.advance();
            index++;
            long now = System.nanoTime();
            if (now >= nextReport) {
                listener.accept(progress());
                nextReport = now + interval;
            }
        }
        return false;
    }

    private void send(Series x, int i) {
        List<Double> covariates = new ArrayList<>(x.covariateCount());
        for (int c = 0; c < x.covariateCount(); c++) {
            covariates.add(x.covariates()[i * x.covariateCount() + c]);
        }
        long t = x.timestamps()[i];
        Observation value = Observation.newBuilder().setSeriesId(x.key()).setTimestamp(Instant.ofEpochMilli(t))
                .setValue(x.values()[i]).setCovariates(covariates).build();
        producer.send(new ProducerRecord<>(settings.topic(), null, t, x.key(), value), (metadata, e) -> {
            if (e == null) {
                acknowledged.incrementAndGet();
            } else {
                failure.compareAndSet(null, e);
            }
        });
        sent.incrementAndGet();
    }
}
