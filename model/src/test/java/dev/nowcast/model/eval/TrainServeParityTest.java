package dev.nowcast.model.eval;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.feature.ExponentialSmoothing;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.testing.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Train/serve parity: the offline evaluator's forecasts equal, bit for bit, those of a stream processor that
 * stores each series' state through a binary codec between every two events.
 */
class TrainServeParityTest {
    private static List<Series> series() {
        List<Series> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int n = 150 + 20 * k;
            long[] ts = new long[n];
            double[] v = new double[n];
            double[] c = new double[n];
            long t = 1_000_000_000_000L;
            for (int i = 0; i < n; i++) {
                t += (i % 17 == 0 ? 3 : 1) * HOUR;
                ts[i] = t;
                v[i] = 50 * k + 10 * Math.sin(i / 4.0) + (i * 7919 % 13) + (i % 23 == 0 ? 150 : 0);
                c[i] = i % 3;
            }
            out.add(new Series("s" + k, ts, v, c, 1));
        }
        return out;
    }

    static List<Forecaster> forecasters() {
        return List.of(Models.lstm(3, 17), Models.smoothedLstm(3, 17), Models.forecaster(3, CellType.LSTM, 2, 8,
                HeadType.GAUSSIAN, Models.smoothedPipeline(1, 24 * HOUR).withErrorAutoregression(
                        new ErrorAutoregression(new double[] {0.4, -0.2, 0.1})), 4, 17),
                Models.forecaster(3, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, Models.smoothedPipeline(1, 24 * HOUR)
                        .withErrorAutoregression(new ErrorAutoregression(new double[] {0.6, -0.3}, 0.002)), 4, 17),
                Models.forecaster(3, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, Models.pipeline(1, false, 24 * HOUR)
                        .withSmoothing(new ExponentialSmoothing(0.3, 0.1, 0.9, new int[] {24}, new double[] {0.2},
                                ExponentialSmoothing.SeasonalForm.ADDITIVE, 3), 0.15)
                        .withPersistenceDecay(0.03), 4, 17),
                Models.forecaster(3, CellType.LSTM, 2, 8, HeadType.GAUSSIAN, Models.smoothedPipeline(1, 24 * HOUR)
                        .withPersistenceDecay(0.03).withMedianShiftRate(0.01).withValueAutoregression(
                                new ValueAutoregression(0, new double[] {0.6, -0.2}, 0.5)), 4, 17),
                Models.forecaster(3, CellType.GRU, 1, 8, HeadType.GAUSSIAN, Models.smoothedPipeline(1, 24 * HOUR)
                        .withValueAutoregression(new ValueAutoregression(24, new double[] {0.3}, 0.25)), 4, 17));
    }

    @ParameterizedTest
    @MethodSource("forecasters")
    void evaluatorForecastsEqualStepwiseStreamingWithAStoreRoundTrip(Forecaster f) {
        List<Series> data = series();
        List<double[]> offline = new ArrayList<>();
        EvaluationReport report = new OfflineEvaluator(f).withThreads(2).withListener(
                (s, p, t, actual, mean, sd) -> offline.add(new double[]{s, p, mean, sd})).evaluate(data);
        List<double[]> online = new ArrayList<>();
        OfflineEvaluator split = new OfflineEvaluator(f);
        StepResult out = new StepResult();
        for (int s = 0; s < data.size(); s++) {
            Series x = data.get(s);
            byte[] stored = Models.write(new SeriesState());
            for (int i = 0; i < x.size(); i++) {
                SeriesState state = Models.read(stored);
                f.observe(state, x.timestamps()[i], x.values()[i], x.covariates(i, new double[1]), out);
                stored = Models.write(state);
                if (i >= split.splitIndex(x.size()) && out.scored()) {
                    online.add(new double[]{s, i, out.expectedMean(), out.expectedStddev()});
                }
            }
        }
        assertThat(online).hasSize(offline.size()).hasSize((int) report.scored());
        for (int k = 0; k < online.size(); k++) {
            for (int j = 0; j < 4; j++) {
                assertThat(Double.doubleToRawLongBits(online.get(k)[j]))
                        .as("forecast %d field %d", k, j).isEqualTo(Double.doubleToRawLongBits(offline.get(k)[j]));
            }
        }
        assertThat(report.countByHorizon()[3]).isPositive();
    }

    @Test
    void reportPoolsErrorsAndBaselinesOverSeriesIndependentlyOfThreads() {
        Forecaster f = Models.lstm(3, 17);
        List<Series> data = series();
        EvaluationReport one = new OfflineEvaluator(f).withSeasonSteps(24).evaluate(data);
        EvaluationReport two = new OfflineEvaluator(f).withSeasonSteps(24).withThreads(2).evaluate(data);
        assertThat(two).usingRecursiveComparison().isEqualTo(one);
        double naive = 0;
        double seasonal = 0;
        long n = 0;
        long m = 0;
        OfflineEvaluator e = new OfflineEvaluator(f);
        for (Series s : data) {
            for (int i = e.splitIndex(s.size()); i < s.size(); i++) {
                naive += Math.abs(s.values()[i] - s.values()[i - 1]);
                n++;
                seasonal += Math.abs(s.values()[i] - s.values()[i - 24]);
                m++;
            }
        }
        assertThat(one.naiveMae()).isCloseTo(naive / n, within(1e-9));
        assertThat(one.seasonalNaiveMae()).isCloseTo(seasonal / m, within(1e-9));
        assertThat(one.scored()).isEqualTo(n);
        // Horizon forecasts are matched by target time, so the irregular gaps of this data drop some.
        assertThat(one.countByHorizon()[0]).isPositive().isLessThan(one.scored());
        assertThat(one.coverage()).isBetween(0.0, 1.0);
    }
}
