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
        AR2.push(stats, 1.0);
        AR2.push(stats, 2.0);
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
        ErrorAutoregression.NONE.push(untouched, 5.0);
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
                .hasMessageContaining("normalisation.parameters.errorAr").hasMessageContaining("at most 8");
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
}
