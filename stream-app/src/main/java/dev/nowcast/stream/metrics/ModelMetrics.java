package dev.nowcast.stream.metrics;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import dev.nowcast.model.forecast.StepResult;

/**
 * The per-model meters, resolved once so the per-event path only increments (lock-free adders, no tag lookups).
 * Online error is kept as sums and counts, so Prometheus can take any window
 * ({@code rate(nowcast_online_abs_error_total[5m]) / rate(nowcast_scored_total[5m])}); the {@code *.mae} and
 * coverage gauges give the figure since start.
 */
public final class ModelMetrics {

    private final Counter observations;
    private final Counter unmodelled;
    private final Counter predictions;
    private final Counter late;
    private final Counter duplicates;
    private final Counter restarts;
    private final Counter rebuilds;
    private final Counter anomalies;
    private final Counter unwarmedOutliers;
    private final Counter scored;
    private final Counter intervalHits;
    private final DoubleAdder absError = new DoubleAdder();
    private final DoubleAdder naiveAbsError = new DoubleAdder();
    private final Counter seasonalScored;
    private final DoubleAdder seasonalNaiveAbsError = new DoubleAdder();
    private final DoubleAdder seasonalOnlineAbsError = new DoubleAdder();
    private final Timer stepLatency;
    /** Series in the stores of this instance's tasks: counted when a task starts, then one per new series. */
    private final AtomicLong seriesHeld = new AtomicLong();

    ModelMetrics(MeterRegistry registry, String model) {
        Tags tags = Tags.of("model", model);
        Gauge.builder("nowcast.series", seriesHeld, AtomicLong::get).tags(tags)
                .description("Series held by this instance: exact, counted from the stores when their tasks start, "
                        + "then one per new series").register(registry);
        observations = counter(registry, "nowcast.observations", tags, "Observations accepted for processing");
        unmodelled = counter(registry, "nowcast.observations.unmodelled", tags,
                "Observations recorded before any snapshot of the model existed (no prediction)");
        predictions = counter(registry, "nowcast.predictions", tags, "Predictions emitted");
        late = counter(registry, "nowcast.late", tags, "Observations older than their series' last one (dead-lettered)");
        duplicates = counter(registry, "nowcast.duplicates", tags, "Observations with their series' last timestamp (dropped)");
        restarts = counter(registry, "nowcast.series.restarts", tags, "Series restarted after a gap longer than the model's limit");
        rebuilds = counter(registry, "nowcast.series.rebuilds", tags, "Series states rebuilt from the ring buffer after a model swap");
        anomalies = counter(registry, "nowcast.anomalies", tags,
                "Observations outside the anomaly bounds of a warm forecast (emitted to the anomalies topic)");
        unwarmedOutliers = counter(registry, "nowcast.anomalies.unwarmed", tags,
                "Observations outside the anomaly bounds of a forecast made before warm-up (not emitted)");
        scored = counter(registry, "nowcast.scored", tags, "Observations scored against the previous forecast");
        intervalHits = counter(registry, "nowcast.interval.hits", tags, "Scored observations inside the p10-p90 interval");
        FunctionCounter.builder("nowcast.online.abs.error", absError, DoubleAdder::sum).tags(tags)
                .description("Sum of absolute one-step errors of the model").register(registry);
        FunctionCounter.builder("nowcast.naive.abs.error", naiveAbsError, DoubleAdder::sum).tags(tags)
                .description("Sum of absolute one-step errors of the naive (last value) forecast").register(registry);
        Gauge.builder("nowcast.online.mae", this, m -> ratio(m.absError.sum(), m.scored.count())).tags(tags)
                .description("Mean absolute one-step error of the model since start").register(registry);
        Gauge.builder("nowcast.naive.mae", this, m -> ratio(m.naiveAbsError.sum(), m.scored.count())).tags(tags)
                .description("Mean absolute one-step error of the naive forecast since start").register(registry);
        // The seasonal-naive rule is scored where the ring holds the point one season earlier: the model's error on
        // those same points is kept apart, so that the two MAEs compare like with like.
        seasonalScored = counter(registry, "nowcast.seasonal.scored", tags,
                "Scored observations whose point one season earlier was at hand (the seasonal-naive rule scored)");
        FunctionCounter.builder("nowcast.seasonal.naive.abs.error", seasonalNaiveAbsError, DoubleAdder::sum).tags(tags)
                .description("Sum of absolute one-step errors of the seasonal-naive forecast").register(registry);
        FunctionCounter.builder("nowcast.seasonal.online.abs.error", seasonalOnlineAbsError, DoubleAdder::sum)
                .tags(tags).description("Sum of absolute one-step errors of the model on the same points")
                .register(registry);
        Gauge.builder("nowcast.seasonal.naive.mae", this,
                        m -> ratio(m.seasonalNaiveAbsError.sum(), m.seasonalScored.count())).tags(tags)
                .description("Mean absolute one-step error of the seasonal-naive forecast since start").register(registry);
        Gauge.builder("nowcast.seasonal.online.mae", this,
                        m -> ratio(m.seasonalOnlineAbsError.sum(), m.seasonalScored.count())).tags(tags)
                .description("Mean absolute one-step error of the model on the points the seasonal-naive forecast "
                        + "was scored on").register(registry);
        Gauge.builder("nowcast.interval.coverage", this, m -> ratio(m.intervalHits.count(), m.scored.count())).tags(tags)
                .description("Share of scored observations inside the p10-p90 interval since start (target 0.8)")
                .register(registry);
        stepLatency = Timer.builder("nowcast.step.latency").tags(tags)
                .description("Time to process one observation: decode, state get, model step, put, emit")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMillis(100))
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, Tags tags, String description) {
        return Counter.builder(name).tags(tags).description(description).register(registry);
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /** {@code count} more (or, negative, fewer) series held by this instance. */
    public void seriesHeld(long count) {
        seriesHeld.addAndGet(count);
    }

    public void observation() {
        observations.increment();
    }

    public void unmodelled() {
        unmodelled.increment();
    }

    public void late() {
        late.increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    /** Counts what one accepted, modelled observation did. */
    public void stepped(StepResult result) {
        predictions.increment();
        if (result.restarted()) {
            restarts.increment();
        }
        if (result.rebuilt()) {
            rebuilds.increment();
        }
        if (result.scored()) {
            scored.increment();
            absError.add(result.absError());
            naiveAbsError.add(result.naiveAbsError());
            if (!Double.isNaN(result.seasonalNaiveAbsError())) {
                seasonalScored.increment();
                seasonalNaiveAbsError.add(result.seasonalNaiveAbsError());
                seasonalOnlineAbsError.add(result.absError());
            }
            if (result.insideInterval()) {
                intervalHits.increment();
            }
        }
        if (result.anomaly()) {
            anomalies.increment();
        } else if (result.outsideBounds()) {
            unwarmedOutliers.increment();
        }
    }

    public void latency(long nanos) {
        stepLatency.record(nanos, TimeUnit.NANOSECONDS);
    }
}
