package dev.nowcast.model.cell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActivationsTest {
    @Test
    void tanhIsWithinFiveTenthsOfAMillionthOfTheExactValue() {
        double worst = 0;
        for (int k = -2_400_000; k <= 2_400_000; k++) {
            float x = k * 5e-6f;
            worst = Math.max(worst, Math.abs(Activations.tanh(x) - Math.tanh(x)));
        }
        assertThat(worst).isLessThan(5e-7).isGreaterThan(0);
    }

    @Test
    void tanhIsOddBoundedAndSaturates() {
        for (float x : new float[]{0.001f, 0.3f, 1f, 4f, 7.9f, 20f, 1e30f}) {
            assertThat(Activations.tanh(-x)).isEqualTo(-Activations.tanh(x));
            assertThat(Math.abs(Activations.tanh(x))).isLessThanOrEqualTo(1f);
        }
        assertThat(Activations.tanh(Float.POSITIVE_INFINITY)).isEqualTo(Activations.tanh(100f));
        assertThat(Activations.tanh(0f)).isZero();
        assertThat(Activations.tanh(Float.NaN)).isNaN();
    }

    @Test
    void sigmoidIsAccurateAndSymmetric() {
        double worst = 0;
        for (int k = -200_000; k <= 200_000; k++) {
            float x = k * 1e-4f;
            worst = Math.max(worst, Math.abs(Activations.sigmoid(x) - 1 / (1 + Math.exp(-x))));
        }
        assertThat(worst).isLessThan(3e-7);
        assertThat(Activations.sigmoid(3f) + Activations.sigmoid(-3f)).isEqualTo(1f);
    }
}
