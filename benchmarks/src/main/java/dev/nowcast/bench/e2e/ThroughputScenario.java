package dev.nowcast.bench.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Sustained throughput: every observation is in the topic before the app starts, so the app takes them as fast as
 * it can while nothing else runs; the identity and the forecaster read the same data on the same broker. Rates come
 * from the predictions' broker append times, read back after the app has stopped.
 */
@Command(name = "throughput", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Observations loaded before the app starts and taken as fast as it goes: sustained throughput, "
                + "CPU per event, heap, RocksDB size; identity and forecaster on the same data.")
final class ThroughputScenario implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ThroughputScenario.class);
    /** The measured window ends when this share of the predictions is out (the tail drains partition by partition). */
    private static final double WINDOW_END = 0.95;
    /** Events after the first pass over every series that still count as warm-up (JIT, caches). */
    private static final double WARMUP_SHARE = 0.05;
    /**
     * Observations of the unmeasured run that warms the broker up. At 100,000 the first measured run still paid
     * for a cold broker (2.4x the broker CPU per event of the runs after it).
     */
    static final long WARMUP_EVENTS = 400_000;

    @Mixin
    ScenarioOptions options;

    @Option(names = "--events", paramLabel = "N", defaultValue = "600000",
            description = "Observations to load, rounded up to whole steps of every series, at least 3 per series; "
                    + "default ${DEFAULT-VALUE}.")
    long events;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "How many times each variant runs; the order alternates from round to round. Default ${DEFAULT-VALUE}.")
    int rounds;

    /**
     * One app run.
     *
     * @param sustainedPerSecond predictions per second between the end of warm-up and {@value #WINDOW_END} of the run
     * @param appCpuCores        the app's CPU time over that window divided by its length (2 = both cores)
     */
    record Run(String variant, int round, long events, long predictions, double sustainedPerSecond,
               double overallPerSecond, double windowSeconds, double appCpuMicrosPerEvent, double appCpuCores,
               double brokerCpuMicrosPerEvent, double brokerCpuCores, long readyMillis, long rocksDbBytes,
               double rocksDbBytesPerSeries, long peakResidentMb, HeapSummary heap, Map<String, Double> clientMetrics) {
    }

    @Override
    public Integer call() {
        double loadBefore = Reports.loadAverage();
        Instant startedAt = Instant.now();
        SyntheticSeries series = new SyntheticSeries(options.series);
        long steps = Math.max(3, (events + options.series - 1) / options.series);
        long total = steps * options.series;
        List<Run> runs = new ArrayList<>();
        try (BenchmarkSession session = BenchmarkSession.open(options)) {
            String observations = session.createObservations("all");
            long loadStart = System.nanoTime();
            try (ObservationLoad load = new ObservationLoad(session.stack, series, observations, 20)) {
                load.preload(0, total);
            }
            LOG.info("Loaded {} observations ({} series x {} steps) in {} s", total, options.series, steps,
                    (System.nanoTime() - loadStart) / 1_000_000_000);
            session.warmUpBroker(WARMUP_EVENTS);
            for (int round = 1; round <= rounds; round++) {
                List<ScenarioOptions.Variant> order = new ArrayList<>(options.variants);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (ScenarioOptions.Variant variant : order) {
                    Run run = runOnce(session, series, observations, variant, round, total);
                    LOG.info("{} round {}: {} /s sustained, {} us app CPU per event, {} app cores, RocksDB {} B/series",
                            variant.label(), round, Math.round(run.sustainedPerSecond()),
                            round1(run.appCpuMicrosPerEvent()), round2(run.appCpuCores()),
                            Math.round(run.rocksDbBytesPerSeries()));
                    runs.add(run);
                }
            }
        }
        Map<String, Object> setup = Reports.setup(options);
        setup.put("events", total);
        setup.put("steps", steps);
        setup.put("rounds", rounds);
        LOG.info("Results: {}", Reports.write(options, "throughput", startedAt, setup, Reports.environment(loadBefore), runs));
        return 0;
    }

    private Run runOnce(BenchmarkSession session, SyntheticSeries series, String observations,
                        ScenarioOptions.Variant variant, int round, long total) {
        String name = variant.label() + "-" + round;
        String applicationId = "bench-" + name;
        BenchmarkSession.Topics topics = session.createOutputs(observations, name);
        long launchedAt = System.currentTimeMillis();
        BenchmarkApp app = session.startApp(name, variant, session.appSettings(applicationId, topics));
        Duration ready;
        long peakResident;
        Map<String, Double> clientMetrics;
        ResourceTimeline timeline;
        try (app) {
            timeline = new ResourceTimeline(app.pid(), session.stack.brokerPid());
            try (timeline) {
                ready = app.awaitReady();
                try (BenchmarkSession.Profiling profiling = session.profile(name, app)) {
                    session.awaitProcessed(app, applicationId, topics, total);
                }
                clientMetrics = app.metrics(BenchmarkApp.CLIENT_METRICS);
            }
            peakResident = timeline.peakResidentBytes();
        }
        long rocksDb = app.rocksDbBytes();
        List<GcLog.Collection> collections = GcLog.read(app.gcLog());
        long[] appended = new long[Math.toIntExact(total)];
        long read;
        try (PredictionReader reader = new PredictionReader(session.stack, topics.predictions(), series)) {
            int[] n = {0};
            read = reader.read(() -> true, (sequence, appendedAt, receivedAt) -> {
                if (n[0] < appended.length) {
                    appended[n[0]++] = appendedAt;
                }
            });
        }
        session.removeAppFiles(name);
        int count = (int) Math.min(read, appended.length);
        if (count < total) {
            throw new IllegalStateException(variant.label() + " wrote " + count + " predictions for " + total + " observations");
        }
        Arrays.sort(appended, 0, count);
        double warm = (total > options.series ? options.series : 0) + WARMUP_SHARE * total;
        int from = (int) Math.min(count - 2, Math.round(warm));
        int to = (int) Math.max(from + 1, Math.round(WINDOW_END * count) - 1);
        long tA = appended[from];
        long tB = appended[to];
        double seconds = Math.max(1, tB - tA) / 1000.0;
        long windowEvents = to - from;
        double appCpu = timeline.appCpuNanos(tA, tB);
        double brokerCpu = timeline.brokerCpuNanos(tA, tB);
        HeapSummary heap = HeapSummary.of(collections, (tA - launchedAt) / 1000.0, (tB - launchedAt) / 1000.0);
        return new Run(variant.label(), round, total, read, windowEvents / seconds,
                count / (Math.max(1, appended[count - 1] - appended[0]) / 1000.0), seconds,
                appCpu / windowEvents / 1000, appCpu / (seconds * 1e9), brokerCpu / windowEvents / 1000,
                brokerCpu / (seconds * 1e9), ready.toMillis(), rocksDb, rocksDb / (double) options.series,
                peakResident >> 20, heap, clientMetrics);
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
