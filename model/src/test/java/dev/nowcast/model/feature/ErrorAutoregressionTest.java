package dev.nowcast.model.feature;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ErrorAutoregressionTest {
    private static final ErrorAutoregression AR2 = new ErrorAutoregression(new double[] {0.5, -0.2});

    @Test
    void forecastsTheWeightedSumOfTheKeptErrorsNewestFirstAndRecursesOverTheHorizon() {
        double[] stats = new double[FeaturePipeline.STATISTICS];
        AR2.push(stats, 1.0f);
        AR2.push(stats, 2.0f);
        assertThat(stats[FeaturePipeline.AR_ERRORS]).isEqualTo(2.0);
        assertThat(stats[FeaturePipeline.AR_ERRORS + 1]).isEqualTo(1.0);
        assertThat(AR2.expected(stats)).isCloseTo(0.5 * 2 - 0.2 * 1, within(1e-12));
        double[] path = new double[3];
        AR2.expectedPath(stats, 3, path, new double[ErrorAutoregression.MAX_ORDER + 3]);
        assertThat(path[0]).isCloseTo(0.8, within(1e-12));
        assertThat(path[1]).as("0.5 x 0.8 - 0.2 x 2").isCloseTo(0.0, within(1e-12));
        assertThat(path[2]).as("0.5 x 0 - 0.2 x 0.8").isCloseTo(-0.16, within(1e-12));
    }

    @Test
    void keepsOnlyTheLastMaxOrderErrorsAndNothingWhenOff() {
        double[] stats = new double[FeaturePipeline.STATISTICS];
        for (int i = 1; i <= ErrorAutoregression.MAX_ORDER + 3; i++) {
            AR2.push(stats, i);
        }
        assertThat(stats[FeaturePipeline.AR_ERRORS]).isEqualTo(ErrorAutoregression.MAX_ORDER + 3);
        assertThat(stats[FeaturePipeline.AR_ERRORS + ErrorAutoregression.MAX_ORDER - 1]).isEqualTo(4);
        double[] untouched = new double[FeaturePipeline.STATISTICS];
        ErrorAutoregression.NONE.push(untouched, 5.0f);
        assertThat(untouched).containsOnly(0.0);
        assertThat(ErrorAutoregression.NONE.expected(stats)).isZero();
    }

    @Test
    void itsMovingAverageWeightsFollowTheRecursion() {
        assertThat(AR2.innovationWeights(4)).containsExactly(new double[] {1, 0.5, 0.05, -0.075}, within(1e-12));
        assertThat(ErrorAutoregression.NONE.innovationWeights(3)).containsExactly(1, 0, 0);
    }

    @Test
    void rejectsTooManyOrNonFiniteCoefficientsNamingTheField() {
        assertThatThrownBy(() -> new ErrorAutoregression(new double[ErrorAutoregression.MAX_ORDER + 1]))
                .hasMessageContaining("normalisation.parameters.errorAr").hasMessageContaining("at most 16");
        assertThatThrownBy(() -> new ErrorAutoregression(new double[] {0.1, Double.NaN}))
                .hasMessageContaining("normalisation.parameters.errorAr2 must be finite");
    }

    @Test
    void aSnapshotMapCarriesTheCoefficientsAndOlderSnapshotsHaveNone() {
        PipelineParameters plain = PipelineParameters.initial(0.02, 0.05, 0.01, 8, 0.01, false);
        assertThat(plain.toMap()).doesNotContainKey("errorAr1");
        PipelineParameters with = plain.withErrorAutoregression(AR2);
        Map<String, Double> map = with.toMap();
        assertThat(map).containsEntry("errorAr1", 0.5).containsEntry("errorAr2", -0.2).doesNotContainKey("errorAr3");
        assertThat(PipelineParameters.fromMap(FeaturePipeline.METHOD, map)).isEqualTo(with);
        assertThat(PipelineParameters.fromMap(FeaturePipeline.METHOD, plain.toMap()).errorAutoregression())
                .isEqualTo(ErrorAutoregression.NONE);
        Map<String, Double> hole = new TreeMap<>(map);
        hole.remove("errorAr1");
        assertThatThrownBy(() -> PipelineParameters.fromMap(FeaturePipeline.METHOD, hole))
                .hasMessageContaining("normalisation.parameters.errorAr2 without errorAr1");
    }

    @Test
    void aSlowScaleDecayRoundTripsAndIsAbsentFromOlderSnapshots() {
        PipelineParameters plain = PipelineParameters.initial(0.02, 0.05, 0.01, 8, 0.01, false);
        ErrorAutoregression slow = new ErrorAutoregression(new double[] {0.5, -0.2}, 0.002);
        Map<String, Double> map = plain.withErrorAutoregression(slow).toMap();
        assertThat(map).containsEntry("errorArScaleDecay", 0.002);
        assertThat(PipelineParameters.fromMap(FeaturePipeline.METHOD, map).errorAutoregression()).isEqualTo(slow);
        assertThat(plain.withErrorAutoregression(AR2).toMap()).doesNotContainKey("errorArScaleDecay");
        Map<String, Double> alone = new TreeMap<>(plain.toMap());
        alone.put("errorArScaleDecay", 0.002);
        assertThatThrownBy(() -> PipelineParameters.fromMap(FeaturePipeline.METHOD, alone))
                .hasMessageContaining("normalisation.parameters.errorArScaleDecay without errorAr1");
        assertThatThrownBy(() -> new ErrorAutoregression(new double[] {0.5}, 1.0))
                .hasMessageContaining("normalisation.parameters.errorArScaleDecay must be in [0, 1), got 1.0");
    }

    /**
     * With a scale decay of its own, a series' errors are kept in units of their slow root mean square (the
     * one-step scale only before the first error), so a burst does not rescale the errors it follows.
     */
    @Test
    void withAScaleDecayTheErrorsAreKeptAndForecastInUnitsOfTheirOwnSlowScale() {
        FeaturePipeline p = pipeline().withErrorAutoregression(new ErrorAutoregression(new double[] {0.5}, 0.002));
        dev.nowcast.model.forecast.SeriesState s = new dev.nowcast.model.forecast.SeriesState();
        s.ensureShape(0, 0, 0, p.requiredRingCapacity());
        observe(p, s, 0, 10.0);
        double oneStep = p.scale(s);
        assertThat(p.autoregressionScale(s, oneStep)).as("before any error").isEqualTo(oneStep);
        p.adaptAutoregression(s, 13.0, oneStep);
        assertThat(s.statistics()[FeaturePipeline.AR_ERRORS]).isEqualTo((float) Math.min(8, 3 / oneStep));
        assertThat(p.autoregressionScale(s, oneStep)).isEqualTo(3.0);
        observe(p, s, 1, 13.0);
        p.adaptAutoregression(s, 12.0, p.scale(s));
        double meanSquare = 9 + (1 - 9) / (0.998 + 1);
        assertThat(p.autoregressionScale(s, p.scale(s))).isCloseTo(Math.sqrt(meanSquare), within(1e-12));
        assertThat(s.statistics()[FeaturePipeline.AR_ERRORS]).isEqualTo((float) (-1 / 3.0));
        assertThat(p.autoregressiveError(s, 123.0)).isCloseTo(0.5 * (float) (-1 / 3.0) * Math.sqrt(meanSquare),
                within(1e-9));

        FeaturePipeline old = pipeline().withErrorAutoregression(AR2);
        dev.nowcast.model.forecast.SeriesState t = new dev.nowcast.model.forecast.SeriesState();
        observe(old, t, 0, 10.0);
        old.adaptAutoregression(t, 13.0, 2.0);
        assertThat(old.autoregressionScale(t, 2.0)).as("the one-step scale, as before").isEqualTo(2.0);
        assertThat(t.statistics()[FeaturePipeline.AR_SCALE_WEIGHT]).isZero();
        assertThat(t.statistics()[FeaturePipeline.AR_ERRORS]).isEqualTo(1.5f);
    }

    @Test
    void aSwapForgetsTheKeptErrorsButKeepsTheirSlowScale() {
        FeaturePipeline p = pipeline().withErrorAutoregression(new ErrorAutoregression(new double[] {0.5}, 0.002));
        dev.nowcast.model.forecast.SeriesState s = new dev.nowcast.model.forecast.SeriesState();
        observe(p, s, 0, 10.0);
        p.adaptAutoregression(s, 13.0, p.scale(s));
        p.forgetCorrection(s);
        assertThat(s.statistics()[FeaturePipeline.AR_ERRORS]).isZero();
        assertThat(p.autoregressionScale(s, 1.0)).as("kept: it measures the same base forecast's errors")
                .isEqualTo(3.0);
    }

    private static FeaturePipeline pipeline() {
        return FeaturePipeline.of(PipelineParameters.initial(0.02, 0.05, 0.01, 8, 0.01, false), 3_600_000L,
                new long[0], new double[0], new double[0]);
    }

    private static void observe(FeaturePipeline p, dev.nowcast.model.forecast.SeriesState s, int i, double v) {
        p.update(s, i * 3_600_000L, v, new double[0], new float[p.featureCount()], 0);
        s.accept(i * 3_600_000L, v, new double[0]);
    }
}
