package dev.nowcast.model.feature;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ValueAutoregressionTest {

    @Test
    void eachFormForecastsFromItsReference() {
        double[] x = {10, 12, 11, 15, 0};
        // Deviations from the level 10: 10 + 0.5 (15 - 10) - 0.25 (11 - 10).
        assertThat(new ValueAutoregression(0, new double[] {0.5, -0.25}, 0.5).next(x, 4, 10)).isEqualTo(12.25);
        // Changes: 15 + 0.5 (15 - 11).
        assertThat(new ValueAutoregression(1, new double[] {0.5}, 0.5).next(x, 4, 99)).isEqualTo(17);
        // Changes over 2 steps: x[2] + 0.5 (x[3] - x[1]) = 11 + 1.5.
        assertThat(new ValueAutoregression(2, new double[] {0.5}, 0.5).next(x, 4, 99)).isEqualTo(12.5);
        // Order 0: the level, the last value, the value a season before.
        assertThat(new ValueAutoregression(0, new double[0], 0.5).next(x, 4, 7)).isEqualTo(7);
        assertThat(new ValueAutoregression(1, new double[0], 0.5).next(x, 4, 7)).isEqualTo(15);
        assertThat(new ValueAutoregression(3, new double[0], 0.5).next(x, 4, 7)).isEqualTo(12);
    }

    @Test
    void thePathFeedsItsOwnForecastsBack() {
        ValueAutoregression ar = new ValueAutoregression(0, new double[] {0.5}, 0.25);
        assertThat(ar.span()).isEqualTo(1);
        double[] x = new double[1 + 3];
        x[0] = 18;
        double[] out = new double[3];
        ar.path(x, 10, 3, out);
        // An AR(1) around 10 halves the deviation at each step.
        assertThat(out).containsExactly(14, 12, 11);
    }

    @Test
    void mixAndUnmixAreInverse() {
        ValueAutoregression ar = new ValueAutoregression(1, new double[] {0.3}, 0.25);
        assertThat(ar.mix(100, 120)).isEqualTo(105);
        assertThat(ar.unmix(ar.mix(100, 120), 120)).isCloseTo(100, within(1e-12));
        assertThat(ValueAutoregression.NONE.on()).isFalse();
        assertThat(ar.withWeight(0.5).weight()).isEqualTo(0.5);
        assertThat(ar.span()).isEqualTo(2);
        assertThat(new ValueAutoregression(24, new double[] {0.3, 0.1}, 0.5).span()).isEqualTo(26);
    }

    @Test
    void anExplosiveFitIsNotStationary() {
        // The deviations' AR(7) a trend led the fit to (coefficients summing to 1.15): its forecasts run away.
        assertThat(new ValueAutoregression(0, new double[] {0.835, -0.106, 0.052, 0.135, -0.045, -0.010, 0.286}, 0.5)
                .stationary()).isFalse();
        assertThat(new ValueAutoregression(0, new double[] {1.149, -0.081, -0.272, 0.069, -0.156, 0.155, -0.181,
                0.175}, 0.25).stationary()).isTrue();
        assertThat(new ValueAutoregression(1, new double[0], 0.5).stationary()).isTrue();
    }

    @Test
    void rejectionsNameTheSetting() {
        assertThatThrownBy(() -> new ValueAutoregression(1, new double[] {1}, 1))
                .hasMessageContaining("normalisation.parameters.valueArWeight must be in [0, 1)");
        assertThatThrownBy(() -> new ValueAutoregression(-1, new double[0], 0.5))
                .hasMessageContaining("normalisation.parameters.valueArLag must be in [0, 20160]");
        assertThatThrownBy(() -> new ValueAutoregression(Integer.MAX_VALUE, new double[] {0.5}, 0.5))
                .hasMessageContaining("valueArLag must be in [0, 20160] (the longest season), got 2147483647");
        assertThatThrownBy(() -> new ValueAutoregression(1, new double[9], 0.5))
                .hasMessageContaining("valueAr: at most 8 coefficients, got 9");
        assertThatThrownBy(() -> new ValueAutoregression(1, new double[] {0, Double.NaN}, 0.5))
                .hasMessageContaining("valueAr2 must be finite");
    }

    @Test
    void aSnapshotMapCarriesItAndOlderMapsHaveNone() {
        PipelineParameters without = PipelineParameters.initial(0.01, 0.05, 1e-6, 5, 0.01, false);
        assertThat(without.toMap()).doesNotContainKeys(FeaturePipeline.VALUE_AR_WEIGHT, FeaturePipeline.VALUE_AR_LAG);
        ValueAutoregression ar = new ValueAutoregression(24, new double[] {0.4, -0.1}, 0.25);
        PipelineParameters with = without.withValueAutoregression(ar);
        Map<String, Double> map = with.toMap();
        assertThat(map).containsEntry("valueArWeight", 0.25).containsEntry("valueArLag", 24.0)
                .containsEntry("valueAr1", 0.4).containsEntry("valueAr2", -0.1);
        assertThat(PipelineParameters.fromMap(FeaturePipeline.METHOD, map)).isEqualTo(with);
        assertThat(PipelineParameters.fromMap(FeaturePipeline.METHOD, without.toMap()).valueAutoregression())
                .isEqualTo(ValueAutoregression.NONE);

        rejects(map, "valueArLag", null, "normalisation.parameters.valueArLag is missing beside valueArWeight");
        rejects(map, "valueArWeight", null, "valueArLag and valueAr1.. need valueArWeight");
        rejects(map, "valueAr1", null, "valueAr2 without valueAr1");
        rejects(map, "valueArLag", 1.5, "valueArLag must be a whole number in [0, 20160], got 1.5");
        rejects(map, "valueArLag", 1e9, "valueArLag must be a whole number in [0, 20160], got 1.0E9");
        rejects(map, "valueArWeight", 0.0, "valueArWeight must be in (0, 1) when present, got 0.0");
    }

    /** {@code map} with {@code key} set to {@code value} (removed where null) is rejected with {@code message}. */
    private static void rejects(Map<String, Double> map, String key, Double value, String message) {
        Map<String, Double> changed = new TreeMap<>(map);
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        assertThatThrownBy(() -> PipelineParameters.fromMap(FeaturePipeline.METHOD, changed))
                .hasMessageContaining(message);
    }

    @Test
    void theLevelsAreTheRunningMeanThePipelineKeeps() {
        FeaturePipeline pipeline = FeaturePipeline.of(PipelineParameters.initial(0.5, 0.05, 1e-6, 5, 0.01, false),
                1000, new long[0], new double[0], new double[0]);
        // Weights 1, 1.5, 1.75: the mean of the first point, then moves of 1/1.5 and 1/1.75 of the gap.
        double[] levels = pipeline.levels(new long[] {0, 1000, 2000}, new double[] {4, 7, 7}, 1000);
        assertThat(levels[0]).isEqualTo(4);
        assertThat(levels[1]).isCloseTo(6, within(1e-12));
        assertThat(levels[2]).isCloseTo(6 + 1 / 1.75, within(1e-12));
        // A gap over the maximum restarts it, as a restart zeroes the series' statistics.
        assertThat(pipeline.levels(new long[] {0, 1000, 5000}, new double[] {4, 7, 9}, 1000)).containsExactly(4, 6, 9);
        assertThat(pipeline.withValueAutoregression(new ValueAutoregression(30, new double[] {0.1}, 0.5))
                .requiredRingCapacity()).isEqualTo(31);
    }

    @Test
    void isNamedByItsFormAndCoefficientsAndOrderZeroWithoutAnEmptyList() {
        assertThat(new ValueAutoregression(1, new double[] {0.5, -0.125}, 0.25)).hasToString(
                "AR(2) of the changes (0.500, -0.125)");
        assertThat(new ValueAutoregression(0, new double[0], 0.25)).hasToString("AR(0) of the deviations from the level");
    }
}
