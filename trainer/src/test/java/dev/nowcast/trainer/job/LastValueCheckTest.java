package dev.nowcast.trainer.job;

import java.util.List;
import java.util.SplittableRandom;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingResult;
import org.junit.jupiter.api.Test;

import static dev.nowcast.trainer.job.CorrectionCheckTest.untrained;
import static org.assertj.core.api.Assertions.assertThat;

class LastValueCheckTest {
    private static final long HOUR = 3_600_000L;

    /**
     * A count around 3 for its first {@code calm} points, then a slow walk from {@code after}: the smoothing search
     * takes the running mean of the calm part, which the walk leaves behind, point after point.
     */
    static Series counts(int size, int calm, double after) {
        SplittableRandom r = new SplittableRandom(5);
        long[] ts = new long[size];
        double[] v = new double[size];
        double walk = after;
        for (int i = 0; i < size; i++) {
            ts[i] = i * HOUR;
            walk += i < calm ? 0 : 0.3 * r.nextGaussian();
            v[i] = i < calm ? Math.max(0, Math.round(3 + 1.2 * r.nextGaussian())) : walk;
        }
        return new Series("discoveries", ts, v);
    }

    /** The check on the held-out last 20%, fed by the evaluation as the job feeds it. */
    private static LastValueCheck.Evidence check(TrainingResult r, List<Series> series) {
        LastValueCheck.Collector collector = new LastValueCheck.Collector(series);
        new OfflineEvaluator(r.forecaster(0)).withTestFraction(0.2).withListener(collector).evaluate(series);
        return collector.evidence();
    }

    @Test
    void aModelThatLosesToTheLastValueOnAFewHeldOutPointsLosesOutright() {
        List<Series> series = List.of(counts(100, 80, 0.5));
        TrainingResult trained = untrained(series, 0);
        assertThat(trained.pipeline().smoothing().naive()).as("the calm training years beat the last value")
                .isFalse();
        LastValueCheck.Evidence e = check(trained, series);
        assertThat(e.points()).isBetween(15, LastValueCheck.MIN_TESTED_POINTS - 1);
        assertThat(e.naiveMae()).isLessThan(e.modelMae());
        assertThat(e.lost()).isTrue();
        assertThat(e.describe(true)).contains("lost to the last value", "fewer than 50, so the lower MAE decides",
                "trained again with the last value");
    }

    @Test
    void aModelThatBeatsTheLastValueThereKeepsItsBase() {
        List<Series> series = List.of(counts(100, 100, 3));
        TrainingResult trained = untrained(series, 0);
        LastValueCheck.Evidence e = check(trained, series);
        assertThat(e.points()).isPositive();
        assertThat(e.modelMae()).isLessThan(e.naiveMae());
        assertThat(e.lost()).isFalse();
    }

    @Test
    void onManyPointsOnlyASignificantLossCounts() {
        // 400 held-out points of the walk: the test finds the loss.
        List<Series> dropped = List.of(counts(2000, 1600, 0.5));
        LastValueCheck.Evidence plain = check(untrained(dropped, 0), dropped);
        assertThat(plain.points()).isGreaterThanOrEqualTo(LastValueCheck.MIN_TESTED_POINTS);
        assertThat(plain.lost()).isTrue();
        assertThat(plain.describe(false)).contains("t = ", "not trained again");
        // A last value a little ahead on average, block by block ahead and behind: no loss on 60 points, where
        // the test speaks; a loss on the first 40, where the plain MAE decides.
        assertThat(LastValueCheck.loses(errors(60, 0)[0], errors(60, 0)[1], errors(60, 0)[2])).isFalse();
        assertThat(LastValueCheck.loses(errors(40, 0)[0], errors(40, 0)[1], errors(40, 0)[2])).isTrue();
        // And behind it, on few points too: no loss.
        assertThat(LastValueCheck.loses(errors(40, 0.1)[0], errors(40, 0.1)[1], errors(40, 0.1)[2])).isFalse();
    }

    /**
     * Actual values 0, the model's forecasts 1 and the last value's alternating by blocks of 10 between 0.7 and
     * 1.25 (ahead, then behind), plus {@code behind}.
     */
    private static double[][] errors(int n, double behind) {
        double[][] f = new double[3][n];
        for (int i = 0; i < n; i++) {
            f[1][i] = 1;
            f[2][i] = (i / 10 % 2 == 0 ? 0.7 : 1.25) + behind;
        }
        return f;
    }

    @Test
    void theTrainerCanBeToldToUseTheLastValue() {
        List<Series> series = List.of(counts(100, 80, 0.5));
        TrainingResult trained = untrained(series, 0);
        TrainingResult onLastValue = new ForecastTrainer(trained.config()).onLastValue()
                .train(CorrectionCheckTest.parts(series));
        assertThat(onLastValue.pipeline().smoothing().naive()).isTrue();
        assertThat(onLastValue.smoothingChoice().configurations()).as("given, not searched").isZero();
    }
}
