package dev.nowcast.model.train;

import dev.nowcast.model.feature.ErrorAutoregression;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ErrorAutoregressionFitTest {
    /** Four series of an AR(2) error process, each broken once by a restart (NaN), with rare large shocks. */
    private static float[][] ar2(double a1, double a2, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] u = new float[4][1500];
        for (float[] series : u) {
            double u1 = 0;
            double u2 = 0;
            for (int t = 0; t < series.length; t++) {
                if (t == 700) {
                    series[t] = Float.NaN;
                    u1 = 0;
                    u2 = 0;
                    continue;
                }
                // Rare large shocks the process carries on, as a jump of a price: least squares chases them.
                double next = a1 * u1 + a2 * u2 + r.nextGaussian() + (r.nextInt(200) == 0 ? 30 : 0);
                u2 = u1;
                u1 = next;
                series[t] = (float) next;
            }
        }
        return u;
    }

    private static int[] ends(float[][] u) {
        int[] end = new int[u.length];
        for (int s = 0; s < u.length; s++) {
            end[s] = u[s].length + 1;
        }
        return end;
    }

    @Test
    void recoversAnAutoregressionOfOrderTwoDespiteLargeShocks() {
        float[][] u = ar2(0.5, -0.3, 1);
        ErrorAutoregression ar = ErrorAutoregressionFit.fit(u, ends(u), 8, 0);
        assertThat(ar.order()).as(ar.toString()).isGreaterThanOrEqualTo(2);
        double[] a = ar.coefficients();
        assertThat(a[0]).isCloseTo(0.5, within(0.06));
        assertThat(a[1]).isCloseTo(-0.3, within(0.06));
        for (int i = 2; i < a.length; i++) {
            assertThat(Math.abs(a[i])).as("coefficient %d", i + 1).isLessThan(0.06);
        }
        assertThat(ErrorAutoregressionFit.fit(u, ends(u), 8, 0)).as("deterministic").isEqualTo(ar);
    }

    @Test
    void errorsThatNeverFadeGetNoUnitRoot() {
        // A trend's errors under the last value: each error the last plus noise, a unit root.
        SplittableRandom r = new SplittableRandom(4);
        float[][] u = new float[2][1000];
        for (float[] series : u) {
            double level = 0;
            for (int t = 0; t < series.length; t++) {
                level += r.nextGaussian();
                series[t] = (float) level;
            }
        }
        ErrorAutoregression ar = ErrorAutoregressionFit.fit(u, ends(u), 8, 0);
        assertThat(ar.stationary()).as(ar.toString()).isTrue();
        assertThat(new ErrorAutoregression(new double[] {1.0}).stationary()).isFalse();
        assertThat(new ErrorAutoregression(new double[] {1.5, -0.5}).stationary()).as("a root at 1").isFalse();
        assertThat(new ErrorAutoregression(new double[] {0.99}).stationary()).isTrue();
    }

    @Test
    void whiteNoiseErrorsGetNone() {
        float[][] u = ar2(0, 0, 2);
        assertThat(ErrorAutoregressionFit.fit(u, ends(u), 8, 0)).isEqualTo(ErrorAutoregression.NONE);
    }

    @Test
    void rowsStayInsideOneSegmentAndTheTrainingPart() {
        float[][] u = {{1, 2, 3, Float.NaN, 4, 5, 6, 7}};
        // Point i + 1's error is a training error while i + 1 < 8: the last error, 7, is not.
        double[][] rows = ErrorAutoregressionFit.rows(u, new int[] {8}, 2);
        assertThat(rows).isDeepEqualTo(new double[][] {{3, 2, 1}, {6, 5, 4}});
    }

    @Test
    void tooFewRowsForAnyOrderGetNone() {
        float[][] u = {{1, -1, 2}};
        assertThat(ErrorAutoregressionFit.fit(u, new int[] {10}, 8, 0)).isEqualTo(ErrorAutoregression.NONE);
    }

    /** One series of 3,000 errors with an echo of {@code a} at lag 12. */
    private static float[][] echo(double a) {
        SplittableRandom r = new SplittableRandom(5);
        float[] u = new float[3000];
        for (int t = 0; t < u.length; t++) {
            u[t] = (float) ((t >= 12 ? a * u[t - 12] : 0) + r.nextGaussian());
        }
        return new float[][] {u};
    }

    @Test
    void anOrderAboveEightIsKeptWhereTheBayesianCriterionAlsoWantsIt() {
        ErrorAutoregression kept = ErrorAutoregressionFit.fit(echo(0.7), ends(echo(0.7)), 16, 0.002);
        assertThat(kept.order()).isGreaterThanOrEqualTo(12);
        assertThat(kept.coefficients()[11]).isCloseTo(0.7, within(0.1));
        assertThat(kept.scaleDecay()).isEqualTo(0.002);
        assertThat(ErrorAutoregressionFit.fit(echo(0.7), ends(echo(0.7)), 8, 0.002).order())
                .as("at most the order asked for").isLessThanOrEqualTo(8);
    }

    @Test
    void aFaintEchoBeyondLagEightThatOnlyAiccWouldTakeIsLeftOut() {
        float[][] faint = echo(0.08);
        assertThat(ErrorAutoregressionFit.fitUpTo(faint, ends(faint), 16, 0.002, false).order())
                .as("AICc alone").isGreaterThanOrEqualTo(12);
        assertThat(ErrorAutoregressionFit.fit(faint, ends(faint), 16, 0.002).order()).isLessThanOrEqualTo(8);
    }
}
