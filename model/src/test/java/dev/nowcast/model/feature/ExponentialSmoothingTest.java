package dev.nowcast.model.feature;

import dev.nowcast.model.feature.ExponentialSmoothing.SeasonalForm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ExponentialSmoothingTest {
    private final double[] stats = new double[FeaturePipeline.STATISTICS];
    private long points;

    private static ExponentialSmoothing es(double alpha, double beta, double phi, int[] seasons, double... gammas) {
        return new ExponentialSmoothing(alpha, beta, phi, seasons, gammas);
    }

    /** Feeds values one step apart, the first starting the series. */
    private void feed(ExponentialSmoothing e, float[] seasonal, double... values) {
        for (double v : values) {
            e.update(stats, seasonal, points++, 1, v, 1);
        }
    }

    @Test
    void aNewSeriesStartsFromItsFirstPointsWithBiasCorrectedWeights() {
        ExponentialSmoothing e = es(0.1, 0, 1, new int[0]);
        feed(e, new float[0], 10, 20, 30);
        assertThat(stats[FeaturePipeline.SMOOTH_LEVEL]).as("the running mean while 1/n > alpha")
                .isCloseTo(20, within(1e-12));
        assertThat(e.forecast(stats, new float[0], 5)).isCloseTo(20, within(1e-12));
    }

    @Test
    void aRepeatingSeasonalPatternIsForecastExactlyAfterItsFirstCycle() {
        int[] pattern = {5, -3, 8, 0, -10, 2, 4};
        ExponentialSmoothing e = es(0.2, 0, 1, new int[] {7}, 0.1);
        float[] seasonal = new float[7];
        for (int i = 0; i < 7 * 200; i++) {
            feed(e, seasonal, 100 + pattern[i % 7]);
        }
        for (int h = 1; h <= 14; h++) {
            assertThat(e.forecast(stats, seasonal, h)).as("h=%d", h)
                    .isCloseTo(100 + pattern[(7 * 200 - 1 + h) % 7], within(1e-3));
        }
    }

    @Test
    void aLinearTrendIsExtrapolated() {
        ExponentialSmoothing e = es(0.5, 0.3, 1, new int[0]);
        for (int i = 0; i < 300; i++) {
            feed(e, new float[0], 3 + 2.5 * i);
        }
        assertThat(e.forecast(stats, new float[0], 10)).isCloseTo(3 + 2.5 * 309, within(1e-6));
    }

    @Test
    void aGapAdvancesTheSeasonalPhaseByItsSteps() {
        ExponentialSmoothing e = new ExponentialSmoothing(0.3, 0, 1, new int[] {4}, new double[] {0.5},
                SeasonalForm.ADDITIVE_FROM_LEVEL);
        float[] seasonal = new float[4];
        e.update(stats, seasonal, 0, 1, 10, 1);
        e.update(stats, seasonal, 1, 3, 12, 1);
        assertThat(stats[FeaturePipeline.SMOOTH_STEPS]).isEqualTo(3);
        assertThat(seasonal[3]).as("the point three steps on updates phase 3").isNotZero();
        assertThat(seasonal[1]).isZero();
        assertThat(seasonal[2]).isZero();
    }

    @Test
    void aGapInTheFirstCycleGivesTheSkippedPhasesTheNextValue() {
        ExponentialSmoothing e = es(0.3, 0, 1, new int[] {4}, 0.5);
        float[] seasonal = new float[4];
        e.update(stats, seasonal, 0, 1, 10, 1);
        e.update(stats, seasonal, 1, 3, 12, 1);
        assertThat(stats[FeaturePipeline.SMOOTH_STEPS]).isEqualTo(3);
        assertThat(seasonal).as("10, 12, 12, 12 less their mean 11.5").containsExactly(-1.5f, 0.5f, 0.5f, 0.5f);
    }

    @Test
    void firstCycleIndicesAreDeviationsFromThatCyclesMean() {
        double[] cycle = {130, 120, 100, 80, 70, 100};
        ExponentialSmoothing e = es(0.1, 0, 1, new int[] {6}, 0.2);
        float[] seasonal = new float[6];
        feed(e, seasonal, cycle[0], cycle[1], cycle[2]);
        assertThat(e.forecast(stats, seasonal, 1)).as("no season in the forecast before its first cycle is done")
                .isCloseTo(stats[FeaturePipeline.SMOOTH_LEVEL], within(1e-12));
        feed(e, seasonal, cycle[3], cycle[4], cycle[5]);
        assertThat(seasonal).as("a series that starts at its peak: deviations from 100, not from a running level")
                .containsExactly(30f, 20f, 0f, -20f, -30f, 0f);
    }

    @Test
    void aMultiplicativeSeasonOnAGrowingLevelIsForecastAsFactors() {
        double[] factors = {1.3, 0.9, 0.6, 1.2};
        ExponentialSmoothing e = new ExponentialSmoothing(0.3, 0.2, 1, new int[] {4}, new double[] {0.1},
                SeasonalForm.MULTIPLICATIVE);
        float[] seasonal = new float[4];
        for (int i = 0; i < 4 * 300; i++) {
            feed(e, seasonal, (50 + 0.5 * i) * factors[i % 4]);
        }
        for (int h = 1; h <= 8; h++) {
            int i = 4 * 300 - 1 + h;
            assertThat(e.forecast(stats, seasonal, h)).as("h=%d", h)
                    .isCloseTo((50 + 0.5 * i) * factors[i % 4], within(0.05));
        }
        ExponentialSmoothing additive = es(0.3, 0.2, 1, new int[] {4}, 0.1);
        assertThat(additive.layoutCode()).as("a model swap between the forms restarts the seasons")
                .isNotEqualTo(e.layoutCode());
    }

    @Test
    void multiplicativeFactorsStayBoundedWhenTheDataTurnZero() {
        ExponentialSmoothing e = new ExponentialSmoothing(0.5, 0, 1, new int[] {2}, new double[] {1.0},
                SeasonalForm.MULTIPLICATIVE);
        float[] seasonal = new float[2];
        feed(e, seasonal, 10, 20, 0, 0, 0, 15, 12);
        for (float f : seasonal) {
            assertThat((double) f).isBetween(ExponentialSmoothing.MIN_FACTOR, ExponentialSmoothing.MAX_FACTOR);
        }
        assertThat(e.forecast(stats, seasonal, 1)).isFinite();
        assertThatThrownBy(() -> SeasonalForm.of(3)).hasMessageContaining("seasonalForm");
    }

    @Test
    void errorWeightsAreHowAnErrorMovesTheForecastsAfterWarmUp() {
        ExponentialSmoothing e = es(0.3, 0.2, 0.9, new int[] {3, 6}, 0.4, 0.25);
        float[] seasonal = new float[9];
        for (int i = 0; i < 600; i++) {
            feed(e, seasonal, 50 + 5 * Math.sin(i) + (i % 6) + 0.1 * i);
        }
        double[] base = stats.clone();
        float[] baseSeasonal = seasonal.clone();
        double next = e.forecast(stats, seasonal, 1);
        double surprise = 1.0;
        double[] a = base.clone();
        double[] b = base.clone();
        float[] sa = baseSeasonal.clone();
        float[] sb = baseSeasonal.clone();
        e.update(a, sa, points, 1, next, 1);
        e.update(b, sb, points, 1, next + surprise, 1);
        for (int j = 1; j <= 12; j++) {
            double moved = (e.forecast(b, sb, j) - e.forecast(a, sa, j)) / surprise;
            assertThat(moved).as("c_%d", j).isCloseTo(e.errorWeight(j), within(1e-5));
        }
        assertThat(e.errorWeight(0)).isEqualTo(1);
    }

    @Test
    void aClipBoundsHowFarAnOutlierMovesTheState() {
        int[] pattern = {5, -3, 8, 0, -10, 2, 4};
        ExponentialSmoothing plain = es(0.3, 0, 1, new int[] {7}, 0.2);
        ExponentialSmoothing robust = plain.withClip(3);
        float[] seasonal = new float[7];
        for (int i = 0; i < 7 * 20; i++) {
            feed(plain, seasonal, 100 + pattern[i % 7]);
        }
        double expected = plain.forecast(stats, seasonal, 1);
        double scale = 2;
        double[] a = stats.clone();
        double[] b = stats.clone();
        float[] sa = seasonal.clone();
        float[] sb = seasonal.clone();
        plain.update(a, sa, points, 1, expected + 3 * scale, scale);
        robust.update(b, sb, points, 1, expected + 50 * scale, scale);
        assertThat(b).as("an error of 50 scales moves the state as one of 3 does").containsExactly(a);
        assertThat(sb).containsExactly(sa);
        double within = plain.forecast(a, sa, 1) + 2.5 * scale;
        plain.update(a, sa, points + 1, 1, within, scale);
        robust.update(b, sb, points + 1, 1, within, scale);
        assertThat(b).as("a point within the clip moves the state as without it").containsExactly(a);
        double[] c = stats.clone();
        plain.update(c, seasonal.clone(), points, 1, expected + 50 * scale, scale);
        assertThat(c[FeaturePipeline.SMOOTH_LEVEL] - stats[FeaturePipeline.SMOOTH_LEVEL])
                .as("without the clip the level takes alpha of the whole error").isGreaterThan(0.3 * 40 * scale);
    }

    @Test
    void noClipBeforeTheSeasonsAreLiveAndTheSeriesHasItsFirstPoints() {
        ExponentialSmoothing plain = es(0.3, 0, 1, new int[] {24}, 0.2);
        ExponentialSmoothing robust = plain.withClip(2);
        double[] a = new double[FeaturePipeline.STATISTICS];
        double[] b = new double[FeaturePipeline.STATISTICS];
        float[] sa = new float[24];
        float[] sb = new float[24];
        for (int i = 0; i < 24; i++) {
            double v = i == 5 || i == 15 ? 1_000 : 10 + i % 3;
            plain.update(a, sa, i, 1, v, 1);
            robust.update(b, sb, i, 1, v, 1);
            assertThat(b).as("point %d", i).containsExactly(a);
        }
        robust.update(b, sb, 24, 1, 1_000, 1);
        plain.update(a, sa, 24, 1, 1_000, 1);
        assertThat(b[FeaturePipeline.SMOOTH_LEVEL]).as("clipped once the season is live")
                .isLessThan(a[FeaturePipeline.SMOOTH_LEVEL]);
        ExponentialSmoothing level = es(0.3, 0, 1, new int[0]);
        double[] c = new double[FeaturePipeline.STATISTICS];
        double[] d = new double[FeaturePipeline.STATISTICS];
        for (int i = 0; i < ExponentialSmoothing.CLEAN_AFTER; i++) {
            level.update(c, new float[0], i, 1, i == 6 ? 1_000 : 10, 1);
            level.withClip(2).update(d, new float[0], i, 1, i == 6 ? 1_000 : 10, 1);
        }
        assertThat(d).as("nothing clipped in a series' first points").containsExactly(c);
        level.update(c, new float[0], 10, 4, 1_000, 1);
        level.withClip(2).update(d, new float[0], 10, 4, 1_000, 1);
        assertThat(d).as("nor the first point after a gap").containsExactly(c);
        ExponentialSmoothing fromLevel = new ExponentialSmoothing(0.3, 0, 1, new int[] {24}, new double[] {0.2},
                SeasonalForm.ADDITIVE_FROM_LEVEL);
        double[] e = new double[FeaturePipeline.STATISTICS];
        double[] f = new double[FeaturePipeline.STATISTICS];
        float[] se = new float[24];
        float[] sf = new float[24];
        for (int i = 0; i < 24; i++) {
            fromLevel.update(e, se, i, 1, 30 * Math.sin(i / 4.0), 1);
            fromLevel.withClip(2).update(f, sf, i, 1, 30 * Math.sin(i / 4.0), 1);
        }
        assertThat(sf).as("indices started from the level: their first cycle is not clipped either").containsExactly(se);
        assertThatThrownBy(() -> plain.withClip(0.5)).hasMessageContaining("smoothingClip");
        assertThat(robust.toString()).endsWith("outliers clipped at 2 scales");
    }

    @Test
    void theNaiveForecastHasRandomWalkWeights() {
        assertThat(ExponentialSmoothing.NAIVE.naive()).isTrue();
        for (int j = 0; j < 24; j++) {
            assertThat(ExponentialSmoothing.NAIVE.errorWeight(j)).isEqualTo(1.0);
        }
        assertThat(es(1, 0, 1, new int[] {7}, 0.1).naive()).isFalse();
    }

    @Test
    void layoutsDifferAndParametersAreChecked() {
        assertThat(es(0.5, 0, 1, new int[] {24}, 0.1).layoutCode())
                .isNotEqualTo(es(0.5, 0, 1, new int[] {168}, 0.1).layoutCode())
                .isNotEqualTo(es(0.5, 0, 1, new int[] {24, 168}, 0.1, 0.1).layoutCode())
                .isNotZero();
        assertThatThrownBy(() -> es(0, 0, 1, new int[0])).hasMessageContaining("smoothingAlpha");
        assertThatThrownBy(() -> es(0.5, 0, 1, new int[] {1}, 0.5)).hasMessageContaining("season1Steps");
        assertThatThrownBy(() -> es(0.5, 0, 1, new int[] {4, 8, 12}, 0.5, 0.5, 0.5))
                .hasMessageContaining("at most 2 seasons");
        assertThatThrownBy(() -> es(0.5, 0, 1, new int[] {4}, 0.0)).hasMessageContaining("season1Gamma");
    }
}
