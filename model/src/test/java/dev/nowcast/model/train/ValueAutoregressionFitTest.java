package dev.nowcast.model.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.testing.Models;
import org.junit.jupiter.api.Test;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ValueAutoregressionFitTest {
    private static final FeaturePipeline PIPELINE = Models.pipeline(0, false);

    /** A panel of AR(1) series around their own means and scales, or of random walks with {@code phi} 1. */
    private static List<Series> panel(double phi, int keys, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Series> out = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            double mean = 100 * k;
            double scale = 1 + k;
            long[] ts = new long[n];
            double[] v = new double[n];
            double x = 0;
            for (int i = 0; i < n; i++) {
                x = phi * x + scale * gaussian(random);
                ts[i] = i * HOUR;
                v[i] = (phi < 1 ? mean : 0) + x;
            }
            out.add(new Series("k" + k, ts, v, new double[0], 0));
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static int[] ends(List<Series> panel) {
        return panel.stream().mapToInt(Series::size).toArray();
    }

    @Test
    void aMeanRevertingPanelGetsItsCoefficientAroundTheLevel() {
        List<Series> panel = panel(0.7, 5, 2000, 1);
        ValueAutoregression ar = ValueAutoregressionFit.fit(panel, ends(panel), PIPELINE, new int[0], 48, Long.MAX_VALUE);
        assertThat(ar.lag()).isZero();
        assertThat(ar.order()).isGreaterThanOrEqualTo(1);
        // The running level trails the true mean a little, so the coefficient is near, not at, 0.7.
        assertThat(ar.coefficients()[0]).isCloseTo(0.7, within(0.08));
        assertThat(ar.weight()).isZero();
    }

    @Test
    void aRandomWalkPanelGetsForecastsAtTheLastValue() {
        List<Series> panel = panel(1, 5, 2000, 2);
        ValueAutoregression ar = ValueAutoregressionFit.fit(panel, ends(panel), PIPELINE, new int[0], 48, Long.MAX_VALUE);
        // Whatever the form (the changes, or deviations from a level that follows the walk), nothing to forecast
        // beyond the last value: the forecasts stay within a tenth of a typical change of it.
        double off = 0;
        double change = 0;
        for (Series x : panel) {
            double[] y = x.values();
            double[] levels = PIPELINE.levels(x.timestamps(), y, Long.MAX_VALUE);
            for (int t = ar.span(); t < y.length; t++) {
                off += Math.abs(ar.next(y, t, levels[t - 1]) - y[t - 1]);
                change += Math.abs(y[t] - y[t - 1]);
            }
        }
        assertThat(off / change).isLessThan(0.1);
    }

    @Test
    void aTrendingPanelGetsAStationaryFit() {
        // A trend outruns the running level: unconstrained, the deviations' fit explodes to follow it.
        List<Series> panel = panel(0.5, 4, 400, 3);
        List<Series> trending = new ArrayList<>();
        for (Series x : panel) {
            double[] v = x.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.05 * i * i;
            }
            trending.add(new Series(x.key(), x.timestamps(), v, new double[0], 0));
        }
        ValueAutoregression ar = ValueAutoregressionFit.fit(trending, ends(trending), PIPELINE, new int[0], 48, Long.MAX_VALUE);
        assertThat(ar.stationary()).isTrue();
    }

    @Test
    void noRowReachesAcrossARestart() {
        // 30 hourly points with a day's gap after point 14: serving restarts there and empties the ring.
        long[] ts = new long[30];
        double[] v = new double[30];
        for (int i = 0; i < 30; i++) {
            ts[i] = (i < 15 ? i : i + 24) * HOUR;
            v[i] = (i < 15 ? 0 : 1000) + i % 3;
        }
        Series x = new Series("gap", ts, v, new double[0], 0);
        int[] starts = ValueAutoregressionFit.segmentStarts(PIPELINE, ts, 6 * HOUR);
        assertThat(starts[14]).isZero();
        assertThat(starts[15]).isEqualTo(15);
        double[][] levels = {PIPELINE.levels(ts, v, 6 * HOUR)};
        // Changes with 8 lags read 9 points before the target: targets 9-14 and 24-29, not the 9 across the gap.
        assertThat(ValueAutoregressionFit.rows(List.of(x), new int[] {30}, levels, new int[][] {starts},
                new double[] {1}, 1).length).isEqualTo(12);
        assertThat(ValueAutoregressionFit.rows(List.of(x), new int[] {30}, levels, new int[][] {new int[30]},
                new double[] {1}, 1).length).isEqualTo(21);
        assertThat(levels[0][15]).isEqualTo(1000);
    }

    @Test
    void onlySeasonsThatFitTheRingWithTheirLagsAreTried() {
        assertThat(ValueAutoregressionFit.lags(new int[] {24, 168}, 48)).containsExactly(0, 1, 24);
        assertThat(ValueAutoregressionFit.lags(new int[] {41}, 48)).containsExactly(0, 1);
        assertThat(ValueAutoregressionFit.lags(new int[] {40}, 48)).containsExactly(0, 1, 40);
    }

    @Test
    void constantOrTooShortSeriesGiveNone() {
        List<Series> flat = List.of(new Series("c", new long[] {0, HOUR, 2 * HOUR}, new double[] {1, 1, 1},
                new double[0], 0));
        assertThat(ValueAutoregressionFit.fit(flat, new int[] {3}, PIPELINE, new int[0], 48, Long.MAX_VALUE)).isNull();
    }
}
