package dev.nowcast.trainer.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.nowcast.model.data.Series;
import dev.nowcast.model.feature.Calendar;
import dev.nowcast.model.feature.ExponentialSmoothing;

/**
 * The time settings a model needs and that are best read off the data: the nominal step interval, the
 * longest gap before a series restarts, and the seasonal periods encoded as features.
 *
 * <p>Defaults: the step is the median interval between consecutive points (robust to the odd gap and to
 * weekends in trading data); the maximum gap is {@value #DEFAULT_MAX_GAP_STEPS} steps, or longer when the data
 * pauses for longer on most days ({@link #autoMaxGap}); the seasonal periods are
 * the calendar periods (hour, day, week) that are a whole number of steps, span at most
 * {@value #MAX_SEASON_STEPS} steps (a seasonal lag looks that far back, and every series' state holds that
 * many recent points) and fit at least twice in the data. On the shipped data this gives a day and a week for
 * hourly flights, a week for daily births, and none for 5-second sensors.
 *
 * <p>The seasons the exponential smoothing may use are counted in steps rather than milliseconds, so that months
 * and quarters, which are no whole number of milliseconds, have their year: each calendar period (an hour, a day,
 * a week, a year of 365.25 days) that is within a quarter of a step of a whole number of at least
 * {@value #MIN_SMOOTHING_SEASON} steps, at most {@link ExponentialSmoothing#MAX_SEASON_STEPS}, and fits at least
 * twice in the data: a day and a week for hourly or half-hourly data, a week and a year for daily data, a year
 * for weekly (52), monthly (12) and quarterly (4) data. The trainer then chooses among none, one or two of them
 * on the training data.
 *
 * @param stepMillis            nominal step
 * @param maxGapMillis          a longer gap restarts a series
 * @param seasonalPeriodsMillis seasonal periods, ascending (copied)
 * @param seasonCandidates      seasonal periods in steps the smoothing may use, ascending (copied)
 */
public record TimeGrid(long stepMillis, long maxGapMillis, long[] seasonalPeriodsMillis, int[] seasonCandidates) {
    /** Default maximum gap, in steps. */
    public static final int DEFAULT_MAX_GAP_STEPS = 24;
    /** Longest seasonal period chosen by default, in steps. */
    public static final int MAX_SEASON_STEPS = 168;
    /** Pauses longer than the default maximum gap that make a daily pattern of them (fewer: outages). */
    static final int MIN_DAILY_PAUSES = 10;
    /** Shortest season the smoothing considers, in steps (a quarter-hourly hour, a quarterly year). */
    public static final int MIN_SMOOTHING_SEASON = 4;
    private static final List<Duration> CALENDAR = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
    private static final List<Duration> SMOOTHING_CALENDAR = List.of(Duration.ofHours(1), Duration.ofDays(1),
            Duration.ofDays(7), Duration.ofHours(24 * 365 + 6));

    public TimeGrid {
        seasonalPeriodsMillis = seasonalPeriodsMillis.clone();
        seasonCandidates = seasonCandidates.clone();
    }

    @Override
    public int[] seasonCandidates() {
        return seasonCandidates.clone();
    }

    @Override
    public long[] seasonalPeriodsMillis() {
        return seasonalPeriodsMillis.clone();
    }

    /**
     * The grid for {@code series}: each setting as given, or its default when null.
     *
     * @throws IllegalArgumentException if the step cannot be inferred (no series has two points)
     */
    public static TimeGrid resolve(List<Series> series, Long stepMillis, Long maxGapMillis, long[] periodsMillis) {
        return resolve(series, series, stepMillis, maxGapMillis, periodsMillis);
    }

    /**
     * The grid for {@code series}, with the automatic maximum gap read off {@code trainingParts}: the parts the
     * trainer infers its calendar from, so that both count a weekend alike.
     */
    public static TimeGrid resolve(List<Series> series, List<Series> trainingParts, Long stepMillis,
                                   Long maxGapMillis, long[] periodsMillis) {
        long median = stepMillis == null || series.stream().anyMatch(s -> s.size() > 1) ? medianStep(series) : 0;
        long step = stepMillis != null ? stepMillis : median;
        long gap = maxGapMillis != null ? maxGapMillis : autoMaxGap(trainingParts, step);
        if (median > gap) {
            // Every point would restart its series: nothing would ever be forecast, and the error would come later
            // as "too short to score".
            throw new IllegalArgumentException("the data's points are " + text(median) + " apart (the median), "
                    + "more than the longest gap of " + text(gap) + (maxGapMillis != null ? " given"
                    : " (" + DEFAULT_MAX_GAP_STEPS + " steps of " + text(step) + ")") + ", so every point would "
                    + "restart its series: " + (maxGapMillis != null ? "give a max gap over " + text(median)
                    : "give a step near " + text(median)) + " or leave it to be read off the data");
        }
        long span = span(series);
        long[] periods = periodsMillis != null ? periodsMillis : calendarPeriods(step, span);
        return new TimeGrid(step, gap, periods, periodsMillis != null ? inSteps(periodsMillis, step)
                : smoothingSeasons(step, span));
    }

    /**
     * The seasonal-naive baseline's season in steps: the shortest seasonal period; else, for steps of a day or
     * more, the smoothing's shortest season candidate (the year of weekly, monthly or quarterly data: "same month
     * last year" is the rule such users already have); else 0.
     */
    public int shortestSeasonSteps() {
        if (seasonalPeriodsMillis.length > 0) {
            return (int) (Arrays.stream(seasonalPeriodsMillis).min().getAsLong() / stepMillis);
        }
        return stepMillis >= Duration.ofDays(1).toMillis() ? Arrays.stream(seasonCandidates).min().orElse(0) : 0;
    }

    /**
     * {@value #DEFAULT_MAX_GAP_STEPS} steps, or, when the data pauses for longer on at least half of its days (an
     * exchange's nights: 17.5 hours between the 16:00 and the 09:30 five-minute bars), a quarter more than the pause
     * that 90% of those pauses stay within, in whole steps: a night is then no gap, and a longer outage still is. Time is counted as
     * the calendar inferred from the data counts it, so the weekends of data without weekend points are neither
     * pauses nor days.
     */
    static long autoMaxGap(List<Series> series, long step) {
        long base = DEFAULT_MAX_GAP_STEPS * step;
        Calendar calendar = Calendar.infer(series, step);
        long day = Duration.ofDays(1).toMillis();
        long[] pauses = new long[16];
        int n = 0;
        long daysWithPause = 0;
        long spanMillis = 0;
        for (Series s : series) {
            long[] ts = s.timestamps();
            long lastDay = Long.MIN_VALUE;
            for (int i = 1; i < ts.length; i++) {
                long elapsed = calendar.elapsed(ts[i - 1], ts[i]);
                if (elapsed > base) {
                    pauses = n == pauses.length ? Arrays.copyOf(pauses, 2 * n) : pauses;
                    pauses[n++] = elapsed;
                    // Days on which a pause ends, per series: a burst of pauses on one day is one day.
                    daysWithPause += Math.floorDiv(ts[i], day) == lastDay ? 0 : 1;
                    lastDay = Math.floorDiv(ts[i], day);
                }
            }
            spanMillis += ts.length < 2 ? 0 : calendar.elapsed(ts[0], ts[ts.length - 1]);
        }
        if (n < MIN_DAILY_PAUSES || daysWithPause < spanMillis / day / 2) {
            return base;
        }
        Arrays.sort(pauses, 0, n);
        long typical = pauses[(int) (0.9 * (n - 1))];
        long margin = typical + typical / 4;
        // Whole steps, as the console prints it (22h, not 79125s).
        return Math.max(base, (margin + step - 1) / step * step);
    }

    /** 744h, 90s, 500ms: a duration in its largest whole unit, as the options take it. */
    private static String text(long millis) {
        long[] units = {3_600_000, 60_000, 1000, 1};
        String[] names = {"h", "m", "s", "ms"};
        for (int u = 0; u < units.length; u++) {
            if (millis % units[u] == 0) {
                return millis / units[u] + names[u];
            }
        }
        return millis + "ms";
    }

    /** The median interval between consecutive points of every series: the data's step. */
    public static long medianStep(List<Series> series) {
        long count = 0;
        for (Series s : series) {
            count += Math.max(0, s.size() - 1);
        }
        if (count == 0) {
            throw new IllegalArgumentException("cannot infer the step interval: no series has two points; "
                    + "give it explicitly");
        }
        long[] deltas = new long[(int) Math.min(count, Integer.MAX_VALUE - 8)];
        int n = 0;
        for (Series s : series) {
            long[] ts = s.timestamps();
            for (int i = 1; i < ts.length && n < deltas.length; i++) {
                deltas[n++] = ts[i] - ts[i - 1];
            }
        }
        Arrays.sort(deltas, 0, n);
        return deltas[n / 2];
    }

    static long[] calendarPeriods(long step, long spanMillis) {
        List<Long> periods = new ArrayList<>();
        for (Duration d : CALENDAR) {
            long p = d.toMillis();
            if (p > step && p % step == 0 && p / step <= MAX_SEASON_STEPS && spanMillis >= 2 * p) {
                periods.add(p);
            }
        }
        return periods.stream().mapToLong(Long::longValue).toArray();
    }

    /** Given periods that are a whole number of steps, in steps: the smoothing honours an explicit choice. */
    private static int[] inSteps(long[] periodsMillis, long step) {
        return Arrays.stream(periodsMillis).filter(p -> p % step == 0 && p / step >= 2
                && p / step <= ExponentialSmoothing.MAX_SEASON_STEPS).mapToInt(p -> (int) (p / step)).toArray();
    }

    static int[] smoothingSeasons(long step, long spanMillis) {
        List<Integer> seasons = new ArrayList<>();
        for (Duration d : SMOOTHING_CALENDAR) {
            double steps = (double) d.toMillis() / step;
            long p = Math.round(steps);
            if (Math.abs(steps - p) <= 0.25 && p >= MIN_SMOOTHING_SEASON && p <= ExponentialSmoothing.MAX_SEASON_STEPS
                    && spanMillis >= 2 * d.toMillis() && !seasons.contains((int) p)) {
                seasons.add((int) p);
            }
        }
        return seasons.stream().mapToInt(Integer::intValue).toArray();
    }

    private static long span(List<Series> series) {
        long span = 0;
        for (Series s : series) {
            if (s.size() > 1) {
                span = Math.max(span, s.timestamps()[s.size() - 1] - s.timestamps()[0]);
            }
        }
        return span;
    }
}
