package dev.nowcast.bench.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nowcast.config.cli.PositiveDuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Latency at a fixed rate: observations are produced at {@code --rate} while the app runs, and a downstream
 * reader (read_committed) follows the predictions. Latency is measured on the broker's clock, from the
 * observation's append to the prediction's append (both topics use LogAppendTime), and, as a consumer sees it,
 * from the observation's append until the prediction was received (under exactly-once, after its transaction
 * committed). With a long {@code --duration} this is also the heap soak.
 */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Observations at a fixed rate while the app runs: latency percentiles (append to append, and "
                + "append to visible for a read_committed consumer), CPU per event, heap and resident memory over time.")
final class LatencyScenario implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(LatencyScenario.class);
    /** How long the reader waits for the last predictions after the last observation. */
    private static final long DRAIN_MILLIS = 120_000;

    @Mixin
    ScenarioOptions options;

    /** How long the warm-up may go on past {@code --warmup} for the app to catch up. */
    private static final Duration MAX_CATCH_UP = Duration.ofMinutes(3);

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "5000",
            description = "Observations per second; default ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "30s", converter = PositiveDuration.class,
            description = "Paced load before the measured part (JIT, first visit of every series), extended until the "
                    + "app has caught up with it; default ${DEFAULT-VALUE}.")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", converter = PositiveDuration.class,
            description = "The measured part; default ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "How many times each variant runs; the order alternates from round to round. Default ${DEFAULT-VALUE}.")
    int rounds;

    /**
     * One app run; latencies in milliseconds over the observations sent after warm-up.
     *
     * @param missing observations of the measured part whose prediction was not read
     */
    record Run(String variant, int round, double offeredPerSecond, double sentPerSecond, long measured, long missing,
               Distribution appendToAppendMs, Distribution appendToVisibleMs, double appCpuMicrosPerEvent,
               double appCpuCores, double brokerCpuMicrosPerEvent, double brokerCpuCores, long rocksDbBytes,
               long peakResidentMb, HeapSummary heap, List<double[]> residentMb, List<double[]> latencyTimeline,
               Map<String, Double> clientMetrics) {
    }

    @Override
    public Integer call() {
        double loadBefore = Reports.loadAverage();
        Instant startedAt = Instant.now();
        SyntheticSeries series = new SyntheticSeries(options.series);
        List<Run> runs = new ArrayList<>();
        try (BenchmarkSession session = BenchmarkSession.open(options)) {
            session.warmUpBroker(ThroughputScenario.WARMUP_EVENTS);
            for (int round = 1; round <= rounds; round++) {
                List<ScenarioOptions.Variant> order = new ArrayList<>(options.variants);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (ScenarioOptions.Variant variant : order) {
                    Run run = runOnce(session, series, variant, round);
                    LOG.info("{} round {}: append->append p50 {} p99 {} p99.9 {} ms, append->visible p50 {} p99 {} ms, "
                                    + "{} us app CPU per event, heap after GC {} -> {} MiB", variant.label(), round,
                            run.appendToAppendMs().p50(), run.appendToAppendMs().p99(), run.appendToAppendMs().p999(),
                            run.appendToVisibleMs().p50(), run.appendToVisibleMs().p99(),
                            ThroughputScenario.round1(run.appCpuMicrosPerEvent()),
                            Math.round(run.heap().firstThirdMedianMb()), Math.round(run.heap().lastThirdMedianMb()));
                    runs.add(run);
                }
            }
        }
        Map<String, Object> setup = Reports.setup(options);
        setup.put("rate", rate);
        setup.put("warmupSeconds", warmup.toSeconds());
        setup.put("durationSeconds", duration.toSeconds());
        setup.put("rounds", rounds);
        LOG.info("Results: {}", Reports.write(options, "latency", startedAt, setup, Reports.environment(loadBefore), runs));
        return 0;
    }

    private Run runOnce(BenchmarkSession session, SyntheticSeries series, ScenarioOptions.Variant variant, int round) {
        String name = variant.label() + "-" + round;
        String observations = session.createObservations(name);
        BenchmarkSession.Topics topics = session.createOutputs(observations, name);
        int capacity = Math.toIntExact((long) Math.ceil(rate * (warmup.toMillis() + MAX_CATCH_UP.toMillis()
                + duration.toMillis()) / 1000.0) + 1);
        long[] observed = new long[capacity];
        long[] predicted = new long[capacity];
        long[] visible = new long[capacity];
        long launchedAt = System.currentTimeMillis();
        BenchmarkApp app = session.startApp(name, variant, session.appSettings("bench-" + name, topics));
        long warm;
        long end;
        Map<String, Double> clientMetrics;
        ResourceTimeline timeline;
        try (app; ObservationLoad load = new ObservationLoad(session.stack, series, observations, 5);
             PredictionReader reader = new PredictionReader(session.stack, topics.predictions(), series)) {
            timeline = new ResourceTimeline(app.pid(), session.stack.brokerPid());
            try (timeline) {
                app.awaitReady();
                AtomicBoolean finished = new AtomicBoolean();
                AtomicLong received = new AtomicLong();
                CompletableFuture<Long> following = CompletableFuture.supplyAsync(() -> reader.read(finished::get,
                        (sequence, appendedAt, receivedAt) -> {
                            if (sequence >= 0 && sequence < capacity) {
                                predicted[(int) sequence] = appendedAt;
                                visible[(int) sequence] = receivedAt;
                            }
                            received.incrementAndGet();
                        }));
                warm = load.paced(0, rate, warmup.toNanos(), observed);
                // A cold app (interpreted code, C2 compiling on the same cores) can fall behind the paced load at
                // first; measuring while it drains that backlog reports the backlog, not the app's latency (seen as
                // seconds-long p99s that fell window by window). The warm-up goes on until under a second of it is
                // left unpredicted.
                long catchUpEnds = System.nanoTime() + MAX_CATCH_UP.toNanos();
                while (received.get() < warm - (long) rate) {
                    if (System.nanoTime() > catchUpEnds) {
                        throw new IllegalStateException("the app did not catch up with " + rate + " observations/s "
                                + "within " + MAX_CATCH_UP + " after the warm-up: " + received.get() + " of " + warm
                                + " predicted");
                    }
                    warm = load.paced(warm, rate, Duration.ofSeconds(5).toNanos(), observed);
                }
                try (BenchmarkSession.Profiling profiling = session.profile(name, app)) {
                    end = load.paced(warm, rate, duration.toNanos(), observed);
                    long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
                    while (received.get() < end && System.currentTimeMillis() < deadline && app.isAlive()) {
                        BenchmarkSession.sleep(100);
                    }
                }
                clientMetrics = app.metrics(BenchmarkApp.CLIENT_METRICS);
                finished.set(true);
                following.join();
            }
        }
        long rocksDb = app.rocksDbBytes();
        List<GcLog.Collection> collections = GcLog.read(app.gcLog());
        session.removeAppFiles(name);
        int measured = (int) (end - warm);
        long[] appendToAppend = new long[measured];
        long[] appendToVisible = new long[measured];
        int n = 0;
        for (int s = (int) warm; s < end; s++) {
            if (predicted[s] > 0 && observed[s] > 0) {
                appendToAppend[n] = predicted[s] - observed[s];
                appendToVisible[n] = visible[s] - observed[s];
                n++;
            }
        }
        long from = observed[(int) warm];
        long to = observed[(int) end - 1];
        double seconds = Math.max(1, to - from) / 1000.0;
        double appCpu = timeline.appCpuNanos(from, to);
        double brokerCpu = timeline.brokerCpuNanos(from, to);
        HeapSummary heap = HeapSummary.of(collections, (from - launchedAt) / 1000.0, (to - launchedAt) / 1000.0);
        return new Run(variant.label(), round, rate, measured / seconds, measured, measured - n,
                Distribution.of(appendToAppend, n), Distribution.of(appendToVisible, n), appCpu / measured / 1000,
                appCpu / (seconds * 1e9), brokerCpu / measured / 1000, brokerCpu / (seconds * 1e9), rocksDb,
                timeline.peakResidentBytes() >> 20, heap, timeline.residentMb(from, to),
                latencyTimeline(observed, predicted, warm, end), clientMetrics);
    }

    /**
     * Append-to-append latency per 10 s of the measured part (by the observation's append time): {seconds from
     * the start of the measured part, p50, p99, max, count}, to see when a run had trouble.
     */
    private static List<double[]> latencyTimeline(long[] observed, long[] predicted, long warm, long end) {
        List<double[]> points = new ArrayList<>();
        long start = observed[(int) warm];
        long[] bucket = new long[(int) (end - warm)];
        int s = (int) warm;
        for (long from = start; s < end; from += 10_000) {
            int n = 0;
            for (; s < end && observed[s] < from + 10_000; s++) {
                if (predicted[s] > 0) {
                    bucket[n++] = predicted[s] - observed[s];
                }
            }
            Distribution d = Distribution.of(bucket, n);
            points.add(new double[] {(from - start) / 1000, d.p50(), d.p99(), d.max(), n});
        }
        return points;
    }
}
