package dev.nowcast.model.eval;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.NormalDistribution;
import dev.nowcast.model.forecast.Outcome;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores a {@link Forecaster} offline exactly as the stream processor would run it: every series is streamed
 * through {@link Forecaster#observe} from its first point with a fresh {@link SeriesState}, and the forecasts
 * made before each point of the test part (the last {@code testFraction} of each series) are scored against it.
 * Series are independent, so they are spread over threads; results are merged in series order, so the report
 * does not depend on the thread count. Immutable; configure with the {@code with...} methods.
 */
public final class OfflineEvaluator {
    /** Receives each one-step forecast scored on a test point, in series order then time order. */
    @FunctionalInterface
    public interface ForecastListener {
        /**
         * @param series index of the series in the evaluated list
         * @param point  index of the scored point in the series
         * @param mean   the one-step forecast's mean, as stored in the series state
         * @param stddev its (calibrated) standard deviation
         */
        void onForecast(int series, int point, long timestamp, double actual, double mean, double stddev);
    }

    /** Receives each h-step forecast matched to a test point (h = 1..H), on the thread that scores its series. */
    @FunctionalInterface
    public interface HorizonListener {
        void onHorizonForecast(int horizon, double actual, double mean, double stddev);
    }

    private final Forecaster forecaster;
    private final double testFraction;
    private final int seasonSteps;
    private final int threads;
    private final ForecastListener listener;
    private final boolean floorSplit;
    private final HorizonListener horizonListener;

    /** Scores the last 20% of each series, no seasonal baseline, one thread. */
    public OfflineEvaluator(Forecaster forecaster) {
        this(forecaster, 0.2, 0, 1, null, false, null);
    }

    private OfflineEvaluator(Forecaster forecaster, double testFraction, int seasonSteps, int threads,
                             ForecastListener listener, boolean floorSplit, HorizonListener horizonListener) {
        this.floorSplit = floorSplit;
        this.horizonListener = horizonListener;
        this.forecaster = forecaster;
        this.testFraction = testFraction;
        this.seasonSteps = seasonSteps;
        this.threads = threads;
        this.listener = listener;
    }

    /** Scores the last {@code fraction} (in (0, 1)) of each series. */
    public OfflineEvaluator withTestFraction(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), got " + fraction);
        }
        return new OfflineEvaluator(forecaster, fraction, seasonSteps, threads, listener, floorSplit, horizonListener);
    }

    /** Adds the seasonal-naive baseline with a season of {@code steps} points (0: none). */
    public OfflineEvaluator withSeasonSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("season must be >= 0 steps, got " + steps);
        }
        return new OfflineEvaluator(forecaster, testFraction, steps, threads, listener, floorSplit, horizonListener);
    }

    public OfflineEvaluator withThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        return new OfflineEvaluator(forecaster, testFraction, seasonSteps, n, listener, floorSplit, horizonListener);
    }

    /** Receives every scored one-step forecast (called on the caller's thread, in series and time order). */
    public OfflineEvaluator withListener(ForecastListener l) {
        return new OfflineEvaluator(forecaster, testFraction, seasonSteps, threads, l, floorSplit, horizonListener);
    }

    /**
     * The test part starts at {@code floor((1 - testFraction) n)}, as the accuracy suite's protocol and R's
     * baselines put it, instead of {@code n - round(testFraction n)} (one point later for some n).
     */
    public OfflineEvaluator withFloorSplit() {
        return new OfflineEvaluator(forecaster, testFraction, seasonSteps, threads, listener, true, horizonListener);
    }

    /**
     * Receives every matched h-step forecast. Called from the evaluation threads: the listener must be
     * thread-safe, or the evaluator single-threaded.
     */
    public OfflineEvaluator withHorizonListener(HorizonListener l) {
        return new OfflineEvaluator(forecaster, testFraction, seasonSteps, threads, listener, floorSplit, l);
    }

    /** Index of the first test point of a series of {@code n} points. */
    public int splitIndex(int n) {
        return floorSplit ? (int) Math.floor((1 - testFraction) * n) : n - (int) Math.round(n * testFraction);
    }

    public EvaluationReport evaluate(List<Series> series) {
        List<Partial> parts = new ArrayList<>(series.size());
        if (threads == 1 || series.size() < 2) {
            for (int i = 0; i < series.size(); i++) {
                parts.add(evaluate(series.get(i)));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, series.size()));
            try {
                List<Future<Partial>> futures = new ArrayList<>();
                for (Series s : series) {
                    futures.add(pool.submit(() -> evaluate(s)));
                }
                for (Future<Partial> f : futures) {
                    parts.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("evaluation interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("evaluation failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        int horizon = forecaster.horizon();
        Partial total = new Partial(horizon, false);
        for (int i = 0; i < parts.size(); i++) {
            Partial p = parts.get(i);
            total.add(p);
            if (listener != null) {
                for (int k = 0; k < p.forecastCount; k++) {
                    listener.onForecast(i, p.forecastPoint[k], p.forecastTime[k], p.forecastActual[k],
                            p.forecastMean[k], p.forecastStddev[k]);
                }
            }
        }
        double[] maeH = new double[horizon];
        double[] covH = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            maeH[h] = total.horizonAbs[h] / total.horizonCount[h];
            covH[h] = (double) total.horizonInside[h] / total.horizonCount[h];
        }
        double mae = total.abs / total.scored;
        return new EvaluationReport(series.size(), total.points, total.scored, mae, Math.sqrt(total.squared / total.scored),
                mae / (total.inSampleNaiveAbs / total.inSampleNaiveCount), total.naiveAbs / total.scored,
                seasonSteps == 0 ? Double.NaN : total.seasonalAbs / total.seasonalCount,
                (double) total.inside / total.scored, maeH, covH, total.horizonCount.clone());
    }

    private Partial evaluate(Series s) {
        int horizon = forecaster.horizon();
        int n = s.size();
        int split = splitIndex(n);
        Partial p = new Partial(horizon, listener != null);
        SeriesState state = forecaster.newState();
        StepResult out = new StepResult();
        double[] cov = new double[s.covariateCount()];
        // The forecasts of the last H points, ring-indexed by point index mod H.
        long[][] target = new long[horizon][horizon];
        double[][] mean = new double[horizon][horizon];
        double[][] sd = new double[horizon][horizon];
        boolean[] made = new boolean[horizon];
        double[] values = s.values();
        long[] ts = s.timestamps();
        // An h-step forecast is matched to the point h later if its target time is within h quarter steps:
        // calendar months and quarters are no whole number of milliseconds, so their target times drift a little.
        long tolerance = forecaster.pipeline().stepMillis() / 4;
        for (int i = 0; i < n; i++) {
            forecaster.observe(state, ts[i], values[i], s.covariates(i, cov), out);
            p.points++;
            if (out.outcome() != Outcome.ACCEPTED) {
                continue;
            }
            if (i >= split) {
                if (out.scored()) {
                    double e = values[i] - out.expectedMean();
                    p.scored++;
                    p.abs += Math.abs(e);
                    p.squared += e * e;
                    p.naiveAbs += out.naiveAbsError();
                    p.inside += out.insideInterval() ? 1 : 0;
                    p.record(i, ts[i], values[i], out.expectedMean(), out.expectedStddev());
                }
                if (seasonSteps > 0 && i >= seasonSteps) {
                    p.seasonalAbs += Math.abs(values[i] - values[i - seasonSteps]);
                    p.seasonalCount++;
                }
                for (int h = 1; h <= horizon && h <= i; h++) {
                    int slot = (i - h) % horizon;
                    if (made[slot] && Math.abs(target[slot][h - 1] - ts[i]) <= h * tolerance) {
                        double e = values[i] - mean[slot][h - 1];
                        p.horizonAbs[h - 1] += Math.abs(e);
                        p.horizonInside[h - 1] += Math.abs(e) <= NormalDistribution.Z90 * sd[slot][h - 1] ? 1 : 0;
                        p.horizonCount[h - 1]++;
                        if (horizonListener != null) {
                            horizonListener.onHorizonForecast(h, values[i], mean[slot][h - 1], sd[slot][h - 1]);
                        }
                    }
                }
            } else if (i > 0) {
                p.inSampleNaiveAbs += Math.abs(values[i] - values[i - 1]);
                p.inSampleNaiveCount++;
            }
            int slot = i % horizon;
            made[slot] = true;
            for (int h = 1; h <= horizon; h++) {
                target[slot][h - 1] = out.targetTime(h);
                mean[slot][h - 1] = out.mean(h);
                sd[slot][h - 1] = out.stddev(h);
            }
        }
        return p;
    }

    private static final class Partial {
        long points;
        long scored;
        double abs;
        double squared;
        double naiveAbs;
        long inside;
        double seasonalAbs;
        long seasonalCount;
        double inSampleNaiveAbs;
        long inSampleNaiveCount;
        final double[] horizonAbs;
        final long[] horizonInside;
        final long[] horizonCount;
        final boolean keep;
        int forecastCount;
        int[] forecastPoint = new int[0];
        long[] forecastTime = new long[0];
        double[] forecastActual = new double[0];
        double[] forecastMean = new double[0];
        double[] forecastStddev = new double[0];

        Partial(int horizon, boolean keep) {
            horizonAbs = new double[horizon];
            horizonInside = new long[horizon];
            horizonCount = new long[horizon];
            this.keep = keep;
        }

        void record(int point, long time, double actual, double mean, double stddev) {
            if (!keep) {
                return;
            }
            if (forecastCount == forecastPoint.length) {
                int n = Math.max(64, 2 * forecastCount);
                forecastPoint = Arrays.copyOf(forecastPoint, n);
                forecastTime = Arrays.copyOf(forecastTime, n);
                forecastActual = Arrays.copyOf(forecastActual, n);
                forecastMean = Arrays.copyOf(forecastMean, n);
                forecastStddev = Arrays.copyOf(forecastStddev, n);
            }
            forecastPoint[forecastCount] = point;
            forecastTime[forecastCount] = time;
            forecastActual[forecastCount] = actual;
            forecastMean[forecastCount] = mean;
            forecastStddev[forecastCount] = stddev;
            forecastCount++;
        }

        void add(Partial o) {
            points += o.points;
            scored += o.scored;
            abs += o.abs;
            squared += o.squared;
            naiveAbs += o.naiveAbs;
            inside += o.inside;
            seasonalAbs += o.seasonalAbs;
            seasonalCount += o.seasonalCount;
            inSampleNaiveAbs += o.inSampleNaiveAbs;
            inSampleNaiveCount += o.inSampleNaiveCount;
            for (int h = 0; h < horizonAbs.length; h++) {
                horizonAbs[h] += o.horizonAbs[h];
                horizonInside[h] += o.horizonInside[h];
                horizonCount[h] += o.horizonCount[h];
            }
        }
    }
}
