package dev.nowcast.model.forecast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class NormalDistributionTest {
    @Test
    void matchesReferenceValuesToOneInAQuadrillion() {
        // Reference values of Phi computed to 20 digits (e.g. with mpmath: 0.5 * erfc(-x / sqrt(2))).
        double[][] ref = {
                {0, 0.5},
                {0.5, 0.69146246127401310364},
                {1, 0.84134474606854293024},
                {-1, 0.15865525393145706976},
                {2, 0.97724986805182079141},
                {-3, 0.0013498980316300945267},
                {-1.2815515655446004, 0.1},
                {4, 0.99996832875816688008},
                {-6, 9.8658764503769814e-10},
                {8, 0.99999999999999937838},
        };
        for (double[] r : ref) {
            assertThat(NormalDistribution.cdf(r[0])).as("Phi(%s)", r[0]).isCloseTo(r[1], within(1e-15));
            if (r[0] < -3) {
                assertThat(NormalDistribution.cdf(r[0])).as("Phi(%s)", r[0]).isCloseTo(r[1], within(1e-13 * r[1]));
            }
        }
        assertThat(NormalDistribution.cdf(-10)).isCloseTo(7.6198530241604696e-24, within(1e-13 * 7.6e-24));
    }

    @Test
    void isSymmetricMonotoneAndSaturates() {
        double previous = 0;
        for (double x = -9; x <= 9; x += 0.01) {
            double p = NormalDistribution.cdf(x);
            assertThat(p).isBetween(0.0, 1.0).isGreaterThanOrEqualTo(previous);
            assertThat(p + NormalDistribution.cdf(-x)).isCloseTo(1, within(2e-15));
            previous = p;
        }
        assertThat(NormalDistribution.cdf(Double.NaN)).isNaN();
        assertThat(NormalDistribution.cdf(Double.NEGATIVE_INFINITY)).isZero();
    }
}
