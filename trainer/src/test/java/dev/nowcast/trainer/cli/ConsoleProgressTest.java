package dev.nowcast.trainer.cli;

import dev.nowcast.model.feature.ExponentialSmoothing;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.PipelineParameters;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.train.CorrectionEvidence;
import dev.nowcast.model.train.MedianShiftEvidence;
import dev.nowcast.model.train.SmoothingSearch;
import dev.nowcast.model.train.ValueAutoregressionEvidence;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleProgressTest {
    @Test
    void aDroppedCorrectionIsExplainedWithTheValidationNumbers() {
        CorrectionEvidence nearMiss = new CorrectionEvidence(700, 0.259, 0.218, 0.85, 1.37);

        assertThat(ConsoleProgress.correction(0, 40, nearMiss, false)).isEqualTo("the base forecast alone: on 700 validation "
                + "points x0.85 of it cut the MAE by 15.8% (0.21800 against 0.25900), t = 1.37, short of the 2.0 a "
                + "correction needs (a gain that a few points carry is luck the next period takes back)");
    }

    @Test
    void theSmoothingSaysWhetherItWasSearched() {
        ExponentialSmoothing level = new ExponentialSmoothing(0.3, 0, 1, new int[0], new double[0]);
        assertThat(ConsoleProgress.smoothing(new SmoothingSearch.Choice(level, 1.5, 41, 3, 3)))
                .isEqualTo("smoothing " + level + " (one-step MAE 1.5000 on the training part, 41 configurations)");
        assertThat(ConsoleProgress.smoothing(new SmoothingSearch.Choice(level, 1.5, 41, 3, 30)))
                .endsWith("41 configurations, searched on 3 of 30 series)");
        assertThat(ConsoleProgress.smoothing(new SmoothingSearch.Choice(ExponentialSmoothing.NAIVE, 2.3962, 0, 1, 1)))
                .isEqualTo("smoothing alpha=1.0, the last value, not searched (see the warning; one-step MAE 2.3962 on "
                        + "the training part)");
    }

    @Test
    void eachOtherReasonIsNamed() {
        CorrectionEvidence passed = new CorrectionEvidence(500, 2.0, 1.5, 1.0, 6.2);

        assertThat(ConsoleProgress.correction(1.0, 40, passed, false)).isEqualTo("x0 would serve the base forecast alone; on "
                + "500 validation points x1.00 of it cut the MAE by 25.0% (1.5000 against 2.0000), t = 6.20");
        assertThat(ConsoleProgress.correction(0, 40, passed, false)).endsWith(
                "t = 6.20, but it did not beat the base forecast significantly on the held-out part (see the warning)");
        assertThat(ConsoleProgress.correction(0, 40, passed, true)).endsWith(
                "t = 6.20, and on the held-out part the error autoregression beat it (see the warning)");
        assertThat(ConsoleProgress.correction(0, 40, new CorrectionEvidence(300, 1.0, 1.0, 0, 0), false))
                .isEqualTo("the base forecast alone: no share of the correction lowered the MAE on 300 validation points");
        assertThat(ConsoleProgress.correction(0, 40, new CorrectionEvidence(12, 1.8851, 1.4468, 0.9, Double.NaN), false))
                .isEqualTo("the base forecast alone: on 12 validation points x0.90 of it cut the MAE by 23.3%, but a "
                        + "correction is only tested on 20 or more");
        assertThat(ConsoleProgress.correction(1.0, 40, CorrectionEvidence.NONE, false))
                .isEqualTo("not checked: no validation points");
        assertThat(ConsoleProgress.correction(0, 0, CorrectionEvidence.NONE, false)).isEqualTo("the base forecast alone: too "
                + "few training windows for one batch, so the network was not trained");
    }

    @Test
    void theValueAutoregressionIsNamedWithItsShareOrWhyNot() {
        FeaturePipeline naive = FeaturePipeline.of(PipelineParameters.initial(0.01, 0.02, 0.1, 8, 0.01, false),
                3_600_000L, new long[0], new double[0], new double[0]);
        FeaturePipeline smoothed = naive.withSmoothing(new ExponentialSmoothing(0.3, 0, 1, new int[0], new double[0]), 0.5);

        ValueAutoregression quarter = new ValueAutoregression(0, new double[] {0.5, -0.125}, 0.25);
        ValueAutoregressionEvidence passed = new ValueAutoregressionEvidence(quarter, 150, 2.0, 1.9, 1.83, true);

        assertThat(ConsoleProgress.valueAutoregression(naive, ValueAutoregressionEvidence.NONE))
                .isEqualTo("no value autoregression (the base is the last value)");
        assertThat(ConsoleProgress.valueAutoregression(smoothed.withValueAutoregression(quarter), passed))
                .isEqualTo("the forecasts mix in 25% of an AR(2) of the deviations from the level (0.500, -0.125): on "
                        + "150 held-out points it cut the model's MAE by 5.0% (1.9000 against 2.0000), t = 1.83");
        // A pipeline that carries one without this run's check (none does today) is named without numbers.
        assertThat(ConsoleProgress.valueAutoregression(smoothed.withValueAutoregression(quarter),
                ValueAutoregressionEvidence.NONE)).isEqualTo("the forecasts mix in 25% of an AR(2) of the deviations "
                + "from the level (0.500, -0.125)");
        assertThat(ConsoleProgress.valueAutoregression(smoothed, ValueAutoregressionEvidence.NONE))
                .isEqualTo("no value autoregression (too few training points to fit one)");
        assertThat(ConsoleProgress.valueAutoregression(smoothed,
                new ValueAutoregressionEvidence(quarter, 16, 2.0, 1.9, Double.NaN, false)))
                .isEqualTo("no value autoregression (an AR(2) of the deviations from the level (0.500, -0.125) was "
                        + "fitted, but 16 held-out points are too few to check it on: 20 are needed)");
        assertThat(ConsoleProgress.valueAutoregression(smoothed,
                new ValueAutoregressionEvidence(quarter, 30, 2.0, 1.9, 1.5, false)))
                .isEqualTo("no value autoregression (25% of an AR(2) of the deviations from the level (0.500, "
                        + "-0.125): on 30 held-out points it cut the model's MAE by 5.0% (1.9000 against 2.0000), "
                        + "t = 1.50, short of the 2.0 it needs on 30 points)");
        assertThat(ConsoleProgress.valueAutoregression(smoothed,
                new ValueAutoregressionEvidence(quarter, 120, 2.0, 2.05, -0.4, false)))
                .isEqualTo("no value autoregression (25% of an AR(2) of the deviations from the level (0.500, "
                        + "-0.125): on 120 held-out points it raised the model's MAE by 2.5% (2.0500 against 2.0000), "
                        + "t = -0.40, short of the 1.0 it needs on 120 points)");
    }

    @Test
    void theMedianShiftIsNamedWithBothPartsNumbersOrWhyNot() {
        FeaturePipeline naive = FeaturePipeline.of(PipelineParameters.initial(0.01, 0.02, 0.1, 8, 0.01, false),
                3_600_000L, new long[0], new double[0], new double[0]);
        FeaturePipeline smoothed = naive.withSmoothing(new ExponentialSmoothing(0.3, 0, 1, new int[0], new double[0]), 0.5);
        MedianShiftEvidence.Part cut = new MedianShiftEvidence.Part(120, 2.0, 1.9);
        MedianShiftEvidence.Part raised = new MedianShiftEvidence.Part(125, 2.0, 2.1);

        assertThat(ConsoleProgress.medianShift(naive, MedianShiftEvidence.NONE))
                .isEqualTo("no median shift (the base is the last value)");
        assertThat(ConsoleProgress.medianShift(smoothed, MedianShiftEvidence.NONE)).isEqualTo("no median shift (off)");
        assertThat(ConsoleProgress.medianShift(smoothed.withMedianShiftRate(0.01),
                new MedianShiftEvidence(0.01, cut, cut)))
                .isEqualTo("each series shifts its forecasts by its errors' median (step 0.0100 scales): on 120 "
                        + "validation points it cut the MAE by 5.0% (1.9000 against 2.0000), on 120 held-out points it "
                        + "cut the MAE by 5.0% (1.9000 against 2.0000)");
        assertThat(ConsoleProgress.medianShift(smoothed, new MedianShiftEvidence(0.01, cut, raised)))
                .isEqualTo("no median shift (it must cut the MAE on both parts: on 120 validation points it cut the "
                        + "MAE by 5.0% (1.9000 against 2.0000), on 125 held-out points it raised the MAE by 5.0% "
                        + "(2.1000 against 2.0000))");
        assertThat(ConsoleProgress.medianShift(smoothed, MedianShiftEvidence.of(0.01, new double[0], new double[0],
                new double[0], new double[0]))).isEqualTo("no median shift (it must cut the MAE on both parts: no "
                + "validation points, no held-out points)");
    }
}
