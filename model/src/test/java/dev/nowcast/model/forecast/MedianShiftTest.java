package dev.nowcast.model.forecast;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.testing.Models;

/** Each series' median shift in the serving path ({@code medianShiftRate}). */
class MedianShiftTest {
    private static final long T0 = 978_307_200_000L;
    private static final double[] COV = {0};

    /** The smoothed pipeline with the network's correction off, so the forecasts are the smoothing's. */
    private static FeaturePipeline smoothing() {
        return Models.smoothedPipeline(1, 24 * HOUR).withCalibration(0.0, 1.1);
    }

    private static Forecaster forecaster(long version, FeaturePipeline pipeline, long seed) {
        return Models.forecaster(version, CellType.LSTM, 1, 8, HeadType.GAUSSIAN, pipeline, 4, seed);
    }

    /** A level with exponential noise: mean 1 above it, median ln 2; the smoothing follows the mean. */
    private static double[] skewed(int n) {
        SplittableRandom random = new SplittableRandom(11);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 100 - Math.log(1 - random.nextDouble());
        }
        return x;
    }

    /**
     * One-step errors (value minus forecast) of the points from {@code from} on; {@code shifts}, when not null, gets
     * the series' median shift after each of them.
     */
    private static double[] errors(Forecaster f, SeriesState s, double[] x, int from, double[] shifts) {
        StepResult out = new StepResult();
        double[] errors = new double[x.length - from];
        double forecast = Double.NaN;
        for (int i = 0; i < x.length; i++) {
            f.observe(s, T0 + i * HOUR, x[i], COV, out);
            if (i >= from) {
                errors[i - from] = x[i] - forecast;
                if (shifts != null) {
                    shifts[i - from] = s.statistics()[FeaturePipeline.MEDIAN_SHIFT];
                }
            }
            forecast = out.mean(1);
        }
        return errors;
    }

    private static double median(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double meanAbs(double[] x) {
        return Arrays.stream(x).map(Math::abs).average().orElseThrow();
    }

    @Test
    void onSkewedNoiseTheShiftFollowsTheMedianOfTheErrorsAndLowersTheMae() {
        double[] x = skewed(6000);
        SeriesState plain = forecaster(1, smoothing(), 3).newState();
        SeriesState shifted = forecaster(1, smoothing().withMedianShiftRate(0.01), 3).newState();
        double[] without = errors(forecaster(1, smoothing(), 3), plain, x, 1000, null);
        double[] shifts = new double[5000];
        double[] with = errors(forecaster(1, smoothing().withMedianShiftRate(0.01), 3), shifted, x, 1000, shifts);
        // The smoothing follows the mean, above the median: its errors' median is below 0, and the shift follows it.
        double median = median(without);
        assertThat(median).isLessThan(-0.05);
        assertThat(Arrays.stream(shifts).average().orElseThrow()).isCloseTo(median, within(0.03));
        assertThat(meanAbs(with)).isLessThan(meanAbs(without));
        assertThat(Math.abs(median(with))).as("what is left of the median").isLessThan(0.03);
        assertThat(plain.statistics()[FeaturePipeline.MEDIAN_SHIFT]).as("off: none").isZero();
    }

    @Test
    void everyHorizonCarriesTheShiftAndNothingElseChanges() {
        double[] x = skewed(600);
        Forecaster plain = forecaster(1, smoothing(), 3);
        Forecaster shifted = forecaster(1, smoothing().withMedianShiftRate(0.01), 3);
        SeriesState a = plain.newState();
        SeriesState b = shifted.newState();
        StepResult outA = new StepResult();
        StepResult outB = new StepResult();
        for (int i = 0; i < x.length; i++) {
            plain.observe(a, T0 + i * HOUR, x[i], COV, outA);
            shifted.observe(b, T0 + i * HOUR, x[i], COV, outB);
        }
        double shift = b.statistics()[FeaturePipeline.MEDIAN_SHIFT];
        assertThat(shift).isNegative();
        for (int h = 1; h <= 4; h++) {
            assertThat(outB.mean(h) - outA.mean(h)).as("horizon %d", h).isCloseTo(shift, within(1e-4));
        }
        assertThat(b.statistics()[FeaturePipeline.SMOOTH_LEVEL]).as("the smoothing learns from the values alone")
                .isEqualTo(a.statistics()[FeaturePipeline.SMOOTH_LEVEL]);
    }

    @Test
    void aSwapKeepsTheShiftForAModelThatShiftsAndARestartForgetsIt() {
        double[] x = skewed(400);
        Forecaster v1 = forecaster(1, smoothing().withMedianShiftRate(0.01), 3);
        SeriesState s = v1.newState();
        errors(v1, s, x, 0, null);
        double shift = s.statistics()[FeaturePipeline.MEDIAN_SHIFT];
        assertThat(shift).isNegative();

        StepResult out = new StepResult();
        SeriesState kept = Models.read(Models.write(s));
        forecaster(2, smoothing().withMedianShiftRate(0.01), 4).observe(kept, T0 + 400 * HOUR, 100, COV, out);
        assertThat(out.rebuilt()).isTrue();
        // Scored against the point after the swap: one step from where it was.
        assertThat(kept.statistics()[FeaturePipeline.MEDIAN_SHIFT]).isCloseTo(shift, within(0.011 * 2));
        assertThat(kept.statistics()[FeaturePipeline.MEDIAN_SHIFT]).isNotZero();

        SeriesState dropped = Models.read(Models.write(s));
        forecaster(3, smoothing(), 4).observe(dropped, T0 + 400 * HOUR, 100, COV, out);
        assertThat(dropped.statistics()[FeaturePipeline.MEDIAN_SHIFT]).isZero();

        v1.observe(s, T0 + 500 * HOUR, 100, COV, out);
        assertThat(out.restarted()).isTrue();
        assertThat(s.statistics()[FeaturePipeline.MEDIAN_SHIFT]).as("a restarted series starts again").isZero();
    }

    @Test
    void theForecastQueryCarriesTheShiftAsObserveEmittedIt() {
        Forecaster f = forecaster(1, smoothing().withMedianShiftRate(0.01), 3);
        SeriesState s = f.newState();
        double[] x = skewed(300);
        StepResult emitted = new StepResult();
        for (int i = 0; i < x.length; i++) {
            f.observe(s, T0 + i * HOUR, x[i], COV, emitted);
        }
        assertThat(s.statistics()[FeaturePipeline.MEDIAN_SHIFT]).isNotZero();
        StepResult queried = new StepResult();
        f.forecast(Models.read(Models.write(s)), queried);
        for (int h = 1; h <= 4; h++) {
            assertThat(queried.mean(h)).as("horizon %d", h).isEqualTo(emitted.mean(h));
        }
    }

    @Test
    void aSwapToAnotherSeasonalLayoutReplaysTheShiftAFreshSeriesWouldHaveTaken() {
        double[] x = skewed(300);
        Forecaster v1 = forecaster(1, smoothing().withMedianShiftRate(0.01), 3);
        SeriesState s = v1.newState();
        errors(v1, s, x, 0, null);
        // No season: the smoothing state of the day-and-week layout is not kept, so the ring is replayed.
        FeaturePipeline plain = Models.pipeline(1, false, 24 * HOUR).withCalibration(0.0, 1.1)
                .withSmoothing(new dev.nowcast.model.feature.ExponentialSmoothing(0.3, 0, 1, new int[0], new double[0]),
                        0.15).withMedianShiftRate(0.01);
        Forecaster v2 = forecaster(2, plain, 4);
        StepResult out = new StepResult();
        SeriesState fresh = v2.newState();
        for (int i = 0; i < s.ringSize(); i++) {
            v2.observe(fresh, s.ringTimestamp(i), s.ringValue(i), COV, out);
        }
        SeriesState swapped = Models.read(Models.write(s));
        v2.observe(swapped, T0 + 300 * HOUR, 100, COV, out);
        assertThat(out.rebuilt()).isTrue();
        v2.observe(fresh, T0 + 300 * HOUR, 100, COV, out);
        assertThat(swapped.statistics()[FeaturePipeline.MEDIAN_SHIFT]).isNotZero()
                .isEqualTo(fresh.statistics()[FeaturePipeline.MEDIAN_SHIFT]);
    }
}
