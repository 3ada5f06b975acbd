package dev.nowcast.model.train;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.ExponentialSmoothing;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer gives the series of a panel of unlike series smoothing weights of their own, the snapshot carries
 * them, and the served forecaster uses them; with the setting off every series shares the panel's weights.
 */
class SeriesSmoothingTrainingTest {
    private static final long HOUR = 3_600_000L;

    /** Four noisy flat levels and four smooth random walks of 300 hourly points. */
    private static List<Series> unlikePanel() {
        SplittableRandom r = new SplittableRandom(5);
        List<Series> data = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            long[] ts = new long[300];
            double[] v = new double[300];
            for (int i = 0; i < v.length; i++) {
                ts[i] = i * HOUR;
                v[i] = k < 4 ? 100 + 10 * r.nextGaussian() : (i == 0 ? 100 : v[i - 1]) + 3 * r.nextGaussian();
            }
            data.add(new Series("k" + k, ts, v));
        }
        return data;
    }

    private static TrainingConfig.Builder config() {
        return TrainingConfig.builder().stepIntervalMillis(HOUR).optimizerSteps(40).hiddenSize(8).threads(2);
    }

    @Test
    void unlikeSeriesKeepWeightsOfTheirOwnThroughTheSnapshot() throws Exception {
        TrainingResult result = new ForecastTrainer(config().build()).train(unlikePanel());
        Map<String, ExponentialSmoothing> own = result.pipeline().seriesSmoothing();
        assertThat(own).as("series with weights of their own").hasSizeGreaterThanOrEqualTo(4);

        Forecaster served = SnapshotCodec.decode(SnapshotCodec.encode("panel", 1, result.forecaster(1),
                new ModelSnapshot.TrainingSummary(Map.of(), Map.of(), 0, 1, 8, 2400, "fp", null, null, null, "x", "{}")));
        String key = own.keySet().iterator().next();
        assertThat(served.forSeries(key).pipeline().smoothing().alpha()).isEqualTo(own.get(key).alpha());
        assertThat(served.pipeline().seriesSmoothing()).containsOnlyKeys(own.keySet().toArray(String[]::new));
    }

    @Test
    void withTheSettingOffEverySeriesSharesThePanelsWeights() {
        TrainingResult result = new ForecastTrainer(config().seriesSmoothing(false).build()).train(unlikePanel());
        assertThat(result.pipeline().seriesSmoothing()).isEmpty();
        assertThat(result.pipeline().smoothing().naive()).isFalse();
    }
}
