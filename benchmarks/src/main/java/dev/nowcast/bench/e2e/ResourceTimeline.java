package dev.nowcast.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, once a second and from outside both processes, the CPU time of the stream app and of the broker and
 * the app's resident memory, so that CPU can be attributed to any window of the run afterwards.
 */
final class ResourceTimeline implements AutoCloseable {

    /** One sample: wall-clock time, cumulative CPU nanoseconds of app and broker, app resident bytes. */
    record Sample(long wallMillis, long appCpuNanos, long brokerCpuNanos, long appResidentBytes) {
    }

    private final long appPid;
    private final long brokerPid;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nowcast-bench-sampler");
        t.setDaemon(true);
        return t;
    });

    ResourceTimeline(long appPid, long brokerPid) {
        this.appPid = appPid;
        this.brokerPid = brokerPid;
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private void sample() {
        Sample s = new Sample(System.currentTimeMillis(), ProcessStats.cpuTime(appPid).toNanos(),
                ProcessStats.cpuTime(brokerPid).toNanos(), ProcessStats.residentBytes(appPid));
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** Stops sampling after one last sample. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** App CPU nanoseconds spent between two wall-clock times (linear between samples). */
    double appCpuNanos(long fromMillis, long toMillis) {
        return at(toMillis, true) - at(fromMillis, true);
    }

    double brokerCpuNanos(long fromMillis, long toMillis) {
        return at(toMillis, false) - at(fromMillis, false);
    }

    /** The largest resident size sampled. */
    long peakResidentBytes() {
        return samples().stream().mapToLong(Sample::appResidentBytes).max().orElse(-1);
    }

    /** {seconds since {@code fromMillis}, resident MiB} between two times, thinned to at most 120 points. */
    List<double[]> residentMb(long fromMillis, long toMillis) {
        List<Sample> window = samples().stream()
                .filter(s -> s.wallMillis() >= fromMillis && s.wallMillis() <= toMillis && s.appResidentBytes() > 0).toList();
        List<double[]> points = new ArrayList<>();
        int every = Math.max(1, window.size() / 120);
        for (int i = 0; i < window.size(); i += every) {
            Sample s = window.get(i);
            points.add(new double[] {(s.wallMillis() - fromMillis) / 1000, s.appResidentBytes() >> 20});
        }
        return points;
    }

    private double at(long millis, boolean app) {
        List<Sample> all = samples();
        if (all.isEmpty()) {
            return 0;
        }
        Sample before = all.get(0);
        for (Sample s : all) {
            if (s.wallMillis() >= millis) {
                if (s == before || s.wallMillis() == before.wallMillis()) {
                    return cpu(s, app);
                }
                double f = (millis - before.wallMillis()) / (double) (s.wallMillis() - before.wallMillis());
                return cpu(before, app) + f * (cpu(s, app) - cpu(before, app));
            }
            before = s;
        }
        return cpu(before, app);
    }

    private static long cpu(Sample s, boolean app) {
        return app ? s.appCpuNanos() : s.brokerCpuNanos();
    }
}
