package dev.nowcast.model.train;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SignificanceTest {
    @Test
    void aClearlyBetterForecastPassesAndAnEqualOneDoesNot() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 500;
        double[] actual = new double[n];
        double[] good = new double[n];
        double[] noisy = new double[n];
        double[] sameSkill = new double[n];
        for (int i = 0; i < n; i++) {
            actual[i] = r.nextGaussian();
            good[i] = actual[i] + 0.5 * r.nextGaussian();
            noisy[i] = actual[i] + r.nextGaussian();
            sameSkill[i] = actual[i] + r.nextGaussian();
        }
        assertThat(Significance.better(actual, noisy, good)).isTrue();
        assertThat(Significance.better(actual, good, noisy)).isFalse();
        assertThat(Significance.better(actual, noisy, sameSkill)).isFalse();
        assertThat(Significance.better(new double[15], new double[15], new double[15])).as("too few blocks").isFalse();
        assertThat(Significance.tStatistic(actual, noisy, good)).isGreaterThan(Significance.CRITICAL_T);
        assertThat(Significance.tStatistic(actual, good, noisy)).isNegative();
        assertThat(Significance.tStatistic(actual, good, good)).isZero();
        assertThat(Significance.tStatistic(new double[15], new double[15], new double[15])).isNaN();
    }
}
