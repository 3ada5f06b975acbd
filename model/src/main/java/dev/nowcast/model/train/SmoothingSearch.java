package dev.nowcast.model.train;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.ExponentialSmoothing;
import dev.nowcast.model.feature.ExponentialSmoothing.SeasonalForm;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.forecast.SeriesState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Chooses a model's exponential smoothing on its training data, as R's {@code ets()} chooses among models: for every
 * set of seasons (none, each candidate period, each pair of them), a coordinate search over grids of the level, trend,
 * damping and seasonal weights and the {@linkplain ExponentialSmoothing#clip() clip} minimises the one-step absolute
 * error pooled over every series, run through the serving pipeline itself (gap restarts included). The first
 * {@code burnIn} points of each series segment are not scored, the same points for every configuration: a cycle of the
 * longest candidate season, so that a long season is not charged for learning its first cycle, plus one of the
 * shortest, since an index still averages half its start into the second visit (its weight is 1/visit): scored there,
 * a short series ranks configurations as much by how they recover from their own start as by how they forecast (on a
 * monthly pair of airline passengers and accidental deaths the choice then served 21% worse). A long season's second
 * cycle stays scored: measured in steady state only, a yearly season on daily births and a weekly one on hourly
 * flights won in-sample and lost out of sample (docs/benchmarks.md, step 15). The naive forecast ({@code alpha = 1},
 * no trend, no season) is one of the points searched, so the choice is never worse than naive on the training data,
 * and a choice that does not beat naive {@linkplain Significance significantly} there, or there and on the held-out
 * end of the series together, gives way to it (a random walk's in-sample "trend" is noise; a short series' real one is
 * often not significant on its training points alone, and the held-out points, which the search never saw, are the
 * more honest evidence). So does a choice that does worse than naive on the held-out end alone: a sensor's in-sample
 * trend can be real and still gone by the time the model serves. Deterministic: ties keep the earlier configuration,
 * whatever the thread count.
 */
public final class SmoothingSearch {
    static final double[] ALPHAS = {0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 0.95, 1.0};
    static final double[] BETAS = {0, 0.01, 0.03, 0.1, 0.3};
    static final double[] PHIS = {0.8, 0.9, 0.95, 0.98, 1.0};
    static final double[] GAMMAS = {0.01, 0.03, 0.1, 0.2, 0.4, 0.7, 1.0};
    /**
     * Robust updates: none, or errors clipped at 3 scales. 2 as well gained more on long daily and hourly series
     * (births, ridership) but lost on short ones, where the extra choice fits noise (docs/benchmarks.md, step 23).
     */
    static final double[] CLIPS = {0, 3};
    private static final int MAX_PASSES = 4;
    /** The weights the coordinate descents start from: a quick level or season, and a slow one. */
    private static final double QUICK_LEVEL = 0.3;
    private static final double QUICK_SEASON = 0.4;
    private static final double SLOW = 0.1;
    /**
     * Training points the search reads at most (tens of seconds on 2 cores): beyond it, every k-th series. The
     * parameters are global, and a uniform sample of series estimates them as well at a fraction of the cost.
     */
    static final long MAX_SEARCH_POINTS = 1_000_000;

    /**
     * The chosen smoothing, its pooled one-step MAE on the scored training points, the configurations tried (0: the
     * last value was given, not searched: {@link #lastValue}), and the series searched of all the series (every one
     * within {@link #MAX_SEARCH_POINTS} training points).
     */
    public record Choice(ExponentialSmoothing smoothing, double mae, int configurations, int seriesSearched,
                         int series) {
    }

    private final List<Series> series;
    private final int[] trainEnd;
    private final FeaturePipeline pipeline;
    private final long maxGapMillis;
    private final int burnIn;
    private final int threads;
    private final boolean positive;
    private int evaluated;

    /**
     * @param series       the series, searched on their first {@code trainEnd} points and checked on the rest
     * @param pipeline     the pipeline whose smoothing is searched (its other parameters are kept)
     * @param candidates   seasonal periods in steps that may be used
     * @param maxGapMillis a longer gap restarts a series, as in serving
     */
    private SmoothingSearch(List<Series> series, int[] trainEnd, FeaturePipeline pipeline, int[] candidates,
                            long maxGapMillis, int threads) {
        this.series = series;
        this.trainEnd = trainEnd.clone();
        this.pipeline = pipeline;
        this.maxGapMillis = maxGapMillis;
        int longest = Arrays.stream(candidates).max().orElse(1);
        int shortest = Arrays.stream(candidates).min().orElse(0);
        int[] sizes = Arrays.stream(trainEnd).sorted().toArray();
        this.burnIn = Math.min(longest + shortest, sizes.length == 0 ? 0 : sizes[sizes.length / 2] / 3);
        this.threads = threads;
        boolean allPositive = true;
        for (int s = 0; s < series.size(); s++) {
            double[] v = series.get(s).values();
            for (int i = 0; i < trainEnd[s]; i++) {
                allPositive &= v[i] > 0;
            }
        }
        this.positive = allPositive;
    }

    /** The choice on whole series, with nothing held out. */
    static Choice select(List<Series> series, FeaturePipeline pipeline, int[] candidates, long maxGapMillis,
                         int threads) {
        return select(series, series.stream().mapToInt(Series::size).toArray(), pipeline, candidates, maxGapMillis,
                threads);
    }

    /** The choice on each series' first {@code trainEnd} points, checked against naive on the rest. */
    static Choice select(List<Series> series, int[] trainEnd, FeaturePipeline pipeline, int[] candidates,
                         long maxGapMillis, int threads) {
        SmoothingSearch search = onSample(series, trainEnd, pipeline, candidates, maxGapMillis, threads);
        int searched = search.series.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            Choice best = search.lowestError(candidates, pool);
            if (Double.isInfinite(best.mae())) {
                return new Choice(ExponentialSmoothing.NAIVE, Double.NaN, search.evaluated, searched, series.size());
            }
            ExponentialSmoothing e = best.smoothing();
            if (!e.naive() && (!search.beatsNaive(e) || search.naiveBeatsOnHeldOut(e))) {
                return new Choice(ExponentialSmoothing.NAIVE, search.score(ExponentialSmoothing.NAIVE),
                        search.evaluated, searched, series.size());
            }
            return new Choice(e, best.mae(), search.evaluated, searched, series.size());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The last value as the choice, unsearched, with its in-sample MAE on the same points a search scores: for a
     * model retrained on the last value after its first base forecast lost to it on later points.
     */
    static Choice lastValue(List<Series> series, int[] trainEnd, FeaturePipeline pipeline, int[] candidates,
                            long maxGapMillis, int threads) {
        SmoothingSearch search = onSample(series, trainEnd, pipeline, candidates, maxGapMillis, threads);
        return new Choice(ExponentialSmoothing.NAIVE, search.score(ExponentialSmoothing.NAIVE), 0,
                search.series.size(), series.size());
    }

    /** A search over the {@linkplain #sample sampled} series' first {@code trainEnd} points. */
    private static SmoothingSearch onSample(List<Series> series, int[] trainEnd, FeaturePipeline pipeline,
                                            int[] candidates, long maxGapMillis, int threads) {
        int[] sample = sample(trainEnd);
        return new SmoothingSearch(Arrays.stream(sample).mapToObj(series::get).toList(),
                Arrays.stream(sample).map(s -> trainEnd[s]).toArray(), pipeline, candidates, maxGapMillis, threads);
    }

    /** The series searched: every k-th, the smallest k that keeps their training points within the budget. */
    static int[] sample(int[] trainEnd) {
        long points = Arrays.stream(trainEnd).asLongStream().sum();
        int stride = (int) Math.max(1, Math.min(trainEnd.length, (points + MAX_SEARCH_POINTS - 1) / MAX_SEARCH_POINTS));
        return IntStream.iterate(0, s -> s < trainEnd.length, s -> s + stride).toArray();
    }

    /** The configuration with the lowest in-sample error over every season set and form. */
    private Choice lowestError(int[] candidates, ExecutorService pool) {
        Choice best = null;
        for (int[] seasons : seasonSets(candidates)) {
            for (SeasonalForm form : forms(seasons)) {
                Choice c = bestOfStarts(seasons, form, pool);
                if (best == null || c.mae() < best.mae()) {
                    best = c;
                }
            }
        }
        return best;
    }

    /** Whether {@code e} beats naive significantly on the training points, or on them and the held-out ones. */
    private boolean beatsNaive(ExponentialSmoothing e) {
        return beatsNaive(e, Part.TRAINING) || (holdsOut() && beatsNaive(e, Part.BOTH));
    }

    /** Whether any series has points after its training part. */
    private boolean holdsOut() {
        for (int s = 0; s < series.size(); s++) {
            if (trainEnd[s] < series.get(s).size()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code e} beats the naive forecast on the points of {@code part} by more than chance: in the pooled
     * error, or with each series' points counted in units of its own naive error. The second asks whether a typical
     * series gains, where in a panel the pooled error's noise is that of its noisiest series alone.
     */
    private boolean beatsNaive(ExponentialSmoothing e, Part part) {
        double[][] chosen = forecasts(e, part);
        double[][] naive = forecasts(ExponentialSmoothing.NAIVE, part);
        if (Significance.better(chosen[0], naive[1], chosen[1])) {
            return true;
        }
        double[] scale = naiveErrorPerSeries(naive);
        for (int i = 0; i < chosen[0].length; i++) {
            double unit = scale[(int) chosen[2][i]];
            chosen[0][i] /= unit;
            chosen[1][i] /= unit;
            naive[1][i] /= unit;
        }
        return Significance.better(chosen[0], naive[1], chosen[1]);
    }

    /** Each series' mean absolute naive error on its scored points (1 where it is 0 or there are none). */
    private double[] naiveErrorPerSeries(double[][] naive) {
        double[] sum = new double[series.size()];
        long[] count = new long[series.size()];
        for (int i = 0; i < naive[0].length; i++) {
            int s = (int) naive[2][i];
            sum[s] += Math.abs(naive[0][i] - naive[1][i]);
            count[s]++;
        }
        double[] scale = new double[sum.length];
        for (int s = 0; s < sum.length; s++) {
            scale[s] = sum[s] > 0 ? sum[s] / count[s] : 1;
        }
        return scale;
    }

    /**
     * Additive seasons always; multiplicative ones too where every training value is positive (factors of a
     * value that can be 0 or negative mean nothing).
     */
    private List<SeasonalForm> forms(int[] seasons) {
        return seasons.length > 0 && positive ? List.of(SeasonalForm.ADDITIVE, SeasonalForm.MULTIPLICATIVE)
                : List.of(SeasonalForm.ADDITIVE);
    }

    /** No season, each candidate alone, and each pair (the shorter first). */
    static List<int[]> seasonSets(int[] candidates) {
        List<int[]> sets = new ArrayList<>();
        sets.add(new int[0]);
        for (int p : candidates) {
            sets.add(new int[] {p});
        }
        for (int i = 0; i < candidates.length; i++) {
            for (int j = i + 1; j < candidates.length; j++) {
                sets.add(new int[] {Math.min(candidates[i], candidates[j]), Math.max(candidates[i], candidates[j])});
            }
        }
        return sets;
    }

    /**
     * The better of two coordinate descents over the grids. One starts from a quick level and a slow season, the
     * other from a slow level and a quick season: from the first alone, a short seasonal series runs to a level
     * that takes the whole of every point before its seasons have learned anything, where no seasonal weight
     * can move the error any more (a season with {@code alpha = 1} never changes; that point is the no-season
     * set's, so seasonal sets leave it out).
     */
    private Choice bestOfStarts(int[] seasons, SeasonalForm form, ExecutorService pool) {
        Choice quickLevel = coordinateSearch(seasons, form, index(ALPHAS, QUICK_LEVEL), index(GAMMAS, SLOW), pool);
        if (seasons.length == 0) {
            return quickLevel;
        }
        Choice quickSeason = coordinateSearch(seasons, form, index(ALPHAS, SLOW), index(GAMMAS, QUICK_SEASON), pool);
        return quickSeason.mae() < quickLevel.mae() ? quickSeason : quickLevel;
    }

    private static int index(double[] grid, double value) {
        int i = Arrays.binarySearch(grid, value);
        if (i < 0) {
            throw new IllegalStateException(value + " is not on the grid " + Arrays.toString(grid));
        }
        return i;
    }

    /** Coordinate descent over the grids from the given alpha and gamma grid indices, until a pass changes nothing. */
    private Choice coordinateSearch(int[] seasons, SeasonalForm form, int alphaStart, int gammaStart,
                                    ExecutorService pool) {
        // Coordinates: 0 alpha, 1 beta, 2 phi, 3.. one gamma per season, the clip last; values are grid indices.
        double[][] grids = new double[4 + seasons.length][];
        grids[0] = seasons.length == 0 ? ALPHAS : Arrays.copyOf(ALPHAS, ALPHAS.length - 1);
        grids[1] = BETAS;
        grids[2] = PHIS;
        int[] at = new int[grids.length];
        at[0] = alphaStart;
        at[1] = 0;
        at[2] = PHIS.length - 2;
        for (int j = 0; j < seasons.length; j++) {
            grids[3 + j] = GAMMAS;
            at[3 + j] = gammaStart;
        }
        grids[grids.length - 1] = CLIPS;
        double bestMae = score(smoothing(grids, at, seasons, form));
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean changed = false;
            for (int c = 0; c < grids.length; c++) {
                if (c == 2 && at[1] == 0) {
                    continue; // no trend: the damping does nothing
                }
                List<Future<Double>> scores = new ArrayList<>();
                for (int v = 0; v < grids[c].length; v++) {
                    int[] trial = at.clone();
                    trial[c] = v;
                    ExponentialSmoothing e = smoothing(grids, trial, seasons, form);
                    scores.add(pool.submit(() -> score(e)));
                }
                for (int v = 0; v < grids[c].length; v++) {
                    double mae = get(scores.get(v));
                    if (mae < bestMae && v != at[c]) {
                        bestMae = mae;
                        at[c] = v;
                        changed = true;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        return new Choice(smoothing(grids, at, seasons, form), bestMae, 0, series.size(), series.size());
    }

    private static ExponentialSmoothing smoothing(double[][] grids, int[] at, int[] seasons, SeasonalForm form) {
        double[] gammas = new double[seasons.length];
        for (int j = 0; j < seasons.length; j++) {
            gammas[j] = grids[3 + j][at[3 + j]];
        }
        double alpha = grids[0][at[0]];
        double beta = grids[1][at[1]];
        // The naive forecast keeps no smoothing state, so it has nothing to clip.
        int last = grids.length - 1;
        double clip = alpha == 1 && beta == 0 && seasons.length == 0 ? 0 : grids[last][at[last]];
        return new ExponentialSmoothing(alpha, beta, beta == 0 ? 1 : grids[2][at[2]], seasons, gammas, form, clip);
    }

    private static double get(Future<Double> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("smoothing search interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("smoothing search failed", e.getCause());
        }
    }

    /** Pooled one-step MAE of {@code e} over the scored points of every series, through the serving pipeline. */
    private double score(ExponentialSmoothing e) {
        double[] sum = {0};
        long[] count = {0};
        walk(e, Part.TRAINING, (s, actual, forecast) -> {
            sum[0] += Math.abs(actual - forecast);
            count[0]++;
        });
        synchronized (this) {
            evaluated++;
        }
        return count[0] == 0 ? Double.POSITIVE_INFINITY : sum[0] / count[0];
    }

    /** The scored points' actual values, one-step forecasts under {@code e} and series indices, in series order. */
    private double[][] forecasts(ExponentialSmoothing e, Part part) {
        double[][] cols = new double[3][1024];
        int[] n = {0};
        walk(e, part, (s, actual, forecast) -> {
            if (n[0] == cols[0].length) {
                for (int c = 0; c < cols.length; c++) {
                    cols[c] = Arrays.copyOf(cols[c], 2 * n[0]);
                }
            }
            cols[0][n[0]] = actual;
            cols[1][n[0]] = forecast;
            cols[2][n[0]++] = s;
        });
        for (int c = 0; c < cols.length; c++) {
            cols[c] = Arrays.copyOf(cols[c], n[0]);
        }
        return cols;
    }

    /** Whether the naive forecast beats {@code e} on the held-out points by more than chance. */
    private boolean naiveBeatsOnHeldOut(ExponentialSmoothing e) {
        double[][] chosen = forecasts(e, Part.HELD_OUT);
        double[][] naive = forecasts(ExponentialSmoothing.NAIVE, Part.HELD_OUT);
        return Significance.better(chosen[0], chosen[1], naive[1]);
    }

    /** The points scored: the training points after the burn-in, the held-out ones after them, or both. */
    private enum Part { TRAINING, HELD_OUT, BOTH }

    private interface PointSink {
        void accept(int series, double actual, double forecast);
    }

    /**
     * Streams every series through the pipeline with smoothing {@code e}, handing each scored point to sink: the
     * points of {@code part}.
     */
    private void walk(ExponentialSmoothing e, Part part, PointSink sink) {
        FeaturePipeline p = pipeline.withSmoothing(e, 0);
        float[] features = new float[p.featureCount()];
        double[] cov = new double[p.covariates()];
        for (int s = 0; s < series.size(); s++) {
            Series x = series.get(s);
            SeriesState state = new SeriesState(Math.max(SeriesState.DEFAULT_RING_CAPACITY, p.requiredRingCapacity()));
            state.ensureShape(0, 0, p.covariates(), p.requiredRingCapacity());
            state.ensureSeasonal(p.seasonalLength());
            long[] ts = x.timestamps();
            double[] v = x.values();
            int end = part == Part.TRAINING ? trainEnd[s] : x.size();
            for (int i = 0; i < end; i++) {
                if (i > 0 && p.restarts(state.lastTimestamp(), ts[i], maxGapMillis)) {
                    state.restart();
                }
                if (state.observations() >= burnIn && (part != Part.HELD_OUT || i >= trainEnd[s])) {
                    sink.accept(s, v[i], p.baseForecast(state, 1));
                }
                p.update(state, ts[i], v[i], x.covariates(i, cov), features, 0);
                state.accept(ts[i], v[i], cov);
            }
        }
    }
}
