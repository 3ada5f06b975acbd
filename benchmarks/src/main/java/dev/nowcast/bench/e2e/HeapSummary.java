package dev.nowcast.bench.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The app's heap over a window of its run, from the collections in its GC log: the heap left after each
 * collection (what the app really holds, plus old garbage not yet collected), how it trends, and what the
 * collections cost.
 *
 * @param slopeMbPerMinute least-squares slope of the heap after each collection over the window: about zero for a
 *                         flat heap
 * @param timeline         {seconds since the app started, MiB after the collection}, thinned to at most 120 points
 */
record HeapSummary(int collections, double pauseMillis, double afterGcMedianMb, double afterGcMaxMb,
                   double firstThirdMedianMb, double lastThirdMedianMb, double slopeMbPerMinute,
                   List<double[]> timeline) {

    private static final double MB = 1024.0 * 1024.0;

    /** The collections between {@code fromSeconds} and {@code toSeconds} of the app's uptime. */
    static HeapSummary of(List<GcLog.Collection> all, double fromSeconds, double toSeconds) {
        List<GcLog.Collection> window = all.stream()
                .filter(c -> c.uptimeSeconds() >= fromSeconds && c.uptimeSeconds() <= toSeconds).toList();
        int n = window.size();
        if (n == 0) {
            return new HeapSummary(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of());
        }
        double[] mb = window.stream().mapToDouble(c -> c.heapAfterBytes() / MB).toArray();
        double[] minutes = window.stream().mapToDouble(c -> c.uptimeSeconds() / 60).toArray();
        int third = Math.max(1, n / 3);
        List<double[]> timeline = new ArrayList<>();
        int every = Math.max(1, n / 120);
        for (int i = 0; i < n; i += every) {
            timeline.add(new double[] {Math.round(window.get(i).uptimeSeconds() * 10) / 10.0, Math.round(mb[i] * 10) / 10.0});
        }
        return new HeapSummary(n, window.stream().mapToDouble(GcLog.Collection::pauseMillis).sum(), median(mb, 0, n),
                Arrays.stream(mb).max().orElseThrow(), median(mb, 0, third), median(mb, n - third, n),
                slope(minutes, mb), timeline);
    }

    private static double median(double[] values, int from, int to) {
        double[] part = Arrays.copyOfRange(values, from, to);
        Arrays.sort(part);
        return part[part.length / 2];
    }

    private static double slope(double[] x, double[] y) {
        int n = x.length;
        if (n < 2) {
            return Double.NaN;
        }
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }
}
