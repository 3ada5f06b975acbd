package dev.nowcast.model.train;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.feature.FeaturePipeline;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** A panel of hundreds of short series (40 points each) trains with the defaults: the windows fit the data. */
class ShortPanelTest {
    private static final long MONTH = 31L * 24 * 3_600_000L;

    @Test
    void hundredsOfFortyPointSeriesTrainWithFittedWindowsAndBeatNaive() {
        List<Series> data = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(11);
        for (int k = 0; k < 300; k++) {
            long[] ts = new long[40];
            double[] v = new double[40];
            double slope = r.nextDouble(-0.5, 0.5);
            for (int i = 0; i < 40; i++) {
                ts[i] = i * MONTH;
                v[i] = 100 + slope * i + 6 * Math.sin(2 * Math.PI * i / 12) + r.nextGaussian();
            }
            data.add(new Series("k" + k, ts, v));
        }
        TrainingConfig config = TrainingConfig.builder().stepIntervalMillis(MONTH).maxGapMillis(3 * MONTH)
                .seasonCandidates(12).optimizerSteps(60).hiddenSize(8).threads(2).build();
        TrainingResult result = new ForecastTrainer(config).train(data);
        TrainingConfig fitted = result.config();
        assertThat(fitted.warmupSteps() + fitted.window()).isLessThanOrEqualTo(40);
        assertThat(fitted.batchSize()).isLessThanOrEqualTo(config.batchSize());
        assertThat(result.epochs()).isPositive();
        assertThat(result.pipeline().method()).isEqualTo(FeaturePipeline.SMOOTHED_METHOD);
        assertThat(result.pipeline().smoothing().seasons()).containsExactly(12);
        assertThat(result.forecaster(1).warmupSteps()).isEqualTo(fitted.warmupSteps());
        EvaluationReport report = new OfflineEvaluator(result.forecaster(1)).withSeasonSteps(12).evaluate(data);
        assertThat(report.mae()).isLessThan(report.naiveMae());
    }

    @Test
    void seriesTooShortForAnyWindowFallBackToTheSmoothingAlone() {
        List<Series> data = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long[] ts = new long[8];
            double[] v = new double[8];
            for (int i = 0; i < 8; i++) {
                ts[i] = i * MONTH;
                v[i] = 10 * k + i;
            }
            data.add(new Series("k" + k, ts, v));
        }
        TrainingConfig config = TrainingConfig.builder().stepIntervalMillis(MONTH).maxGapMillis(3 * MONTH).build();
        TrainingResult result = new ForecastTrainer(config).train(data);
        assertThat(result.epochs()).isZero();
        assertThat(result.pipeline().meanScale()).as("an untrained network corrects nothing").isZero();
    }
}
