package dev.nowcast.model.forecast;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SeriesStateTest {
    private static SeriesState fed(double... values) {
        SeriesState s = new SeriesState(8);
        for (int i = 0; i < values.length; i++) {
            s.accept(i * 1000L, values[i], new double[0]);
            s.setLast(i * 1000L, values[i]);
        }
        return s;
    }

    @Test
    void theResolutionIsTheGridEveryChangeIsAMultipleOf() {
        assertThat(fed(20, 20, 21, 22.5, 22.5, 22).resolution()).as("changes of 1, 1.5, 0.5").isEqualTo(0.5f);
        assertThat(fed(3, 5, 8).resolution()).as("changes of 2 and 3: a grid of 1, not the smallest change")
                .isEqualTo(1f);
        assertThat(fed(20.1, 20.3, 20.2, 21.0, 20.4).resolution()).as("decimal readings, inexact in binary")
                .isCloseTo(0.1f, within(1e-6f));
        assertThat(fed(7).resolution()).as("no change yet").isZero();
    }

    @Test
    void aMetersSteadyIncrementsAreNoGrid() {
        // A cumulative counter: every change is about 1000, none a multiple of another. The smallest change (the
        // resolution's old meaning) floored every interval at about 600, and all of them covered their points.
        SplittableRandom r = new SplittableRandom(1);
        double[] v = new double[200];
        v[0] = 1e6;
        for (int i = 1; i < v.length; i++) {
            v[i] = v[i - 1] + 1000 + 100 * r.nextGaussian();
        }
        assertThat(fed(v).resolution()).isLessThan(1e-6f * 1e6f);
    }
}
