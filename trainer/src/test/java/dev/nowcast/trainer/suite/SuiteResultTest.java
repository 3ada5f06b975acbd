package dev.nowcast.trainer.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
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

    @Test
    void aConstantSetTiesItsBaselinesAndPrintsNoScore() {
        SuiteResult flat = new SuiteResult("flat", "sensor", 24, 2, 80, 0, 0, 0, new Baselines(0, 0, Double.NaN,
                Double.NaN), 1, new double[] {1, 1}, 0, Double.NaN, 3_500, "alpha=1.0");
        assertThat(flat.ratioToBestClassical()).isEqualTo(1);
        assertThat(flat.atMostBestClassical()).isTrue();

        StringWriter text = new StringWriter();
        SuiteTable.print(new PrintWriter(text), List.of(flat), List.of());
        String[] lines = text.toString().split("\n");
        assertThat(lines[1]).doesNotContain("NaN", "Infinity").contains(" 1.000 ");
        // Every column of the row ends where its header does.
        assertThat(lines[1].indexOf("3.5s") + "3.5s".length()).isEqualTo(lines[0].indexOf("train") + "train".length());
        assertThat(lines[1].split("\\s+")[10]).isEqualTo("-");
    }
}
