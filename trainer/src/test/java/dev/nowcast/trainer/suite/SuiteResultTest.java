package dev.nowcast.trainer.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.nowcast.model.forecast.NormalDistribution;

class SuiteResultTest {
    private static final double WIDTH = 2 * NormalDistribution.Z90;

    @Test
    void aPointInsideScoresTheWidth() {
        assertThat(SuiteResult.intervalScore(10.5, 10, 1)).isCloseTo(WIDTH, within(1e-12));
    }

    @Test
    void aPointOutsideAddsTenTimesItsDistanceOnEitherSide() {
        double upper = 10 + NormalDistribution.Z90;
        assertThat(SuiteResult.intervalScore(upper + 3, 10, 1)).isCloseTo(WIDTH + 30, within(1e-9));
        assertThat(SuiteResult.intervalScore(20 - upper - 3, 10, 1)).isCloseTo(WIDTH + 30, within(1e-9));
    }

    @Test
    void theTrueSpreadScoresBetterThanNarrowerOrWiderIntervals() {
        Random random = new Random(15);
        double[] sum = new double[3];
        double[] spreads = {0.5, 1, 2};
        for (int i = 0; i < 20_000; i++) {
            double y = random.nextGaussian();
            for (int k = 0; k < spreads.length; k++) {
                sum[k] += SuiteResult.intervalScore(y, 0, spreads[k]);
            }
        }
        assertThat(sum[1]).isLessThan(sum[0]);
        assertThat(sum[1]).isLessThan(sum[2]);
    }
}
