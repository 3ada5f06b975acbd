package dev.nowcast.model.train;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.testing.Models;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The errors the trainer fits the autoregression on are, bit for bit, the ones serving keeps for it: the same base
 * forecast, the same slow scale before each error, restarted at a gap.
 */
class AutoregressionErrorsParityTest {
    @Test
    void theTrainersErrorsAreTheOnesServingKeeps() {
        FeaturePipeline p = Models.smoothedPipeline(0).withErrorAutoregression(
                new ErrorAutoregression(new double[] {0.5, -0.2}, TrainingDefaults.ERROR_AR_SCALE_DECAY));
        Forecaster f = Models.forecaster(1, CellType.LSTM, 1, 4, HeadType.GAUSSIAN, p, 3, 3);
        int n = 400;
        long[] ts = new long[n];
        double[] v = new double[n];
        SplittableRandom r = new SplittableRandom(4);
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += (i == 250 ? 10 : 1) * HOUR; // a gap longer than the forecaster's 6 hours: a restart
            ts[i] = t;
            v[i] = 50 + 10 * Math.sin(i / 3.0) * (i % 100 < 20 ? 5 : 1) + r.nextGaussian();
        }
        Series x = new Series("s", ts, v);
        TrainingConfig config = TrainingConfig.builder().stepIntervalMillis(HOUR).maxGapMillis(f.maxGapMillis())
                .build();
        float[] trained = new ForecastTrainer(config).encode(x, p, 0).errors();

        SeriesState state = f.newState();
        StepResult out = new StepResult();
        int compared = 0;
        for (int i = 0; i < n; i++) {
            f.observe(state, ts[i], v[i], null, out);
            if (out.scored()) {
                assertThat((float) state.statistics()[FeaturePipeline.AR_ERRORS]).as("error at point %d", i)
                        .isEqualTo(trained[i - 1]);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(n - 60);
        assertThat(trained[249]).as("across the gap").isNaN();
    }
}
