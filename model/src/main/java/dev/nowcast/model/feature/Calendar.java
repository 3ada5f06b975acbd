package dev.nowcast.model.feature;

import java.util.List;

import dev.nowcast.model.data.Series;

/**
 * The times a series has points at, for the target times of its forecasts: every step ({@link #CONTINUOUS}), or
 * weekdays only ({@link #WEEKDAYS}: trading days, office hours), so that a stock's forecast after a Friday is for
 * Monday, not Saturday. Days are UTC days. Allocation-free: it runs per forecast step.
 */
public enum Calendar {
    CONTINUOUS,
    WEEKDAYS;

    private static final long DAY = 86_400_000L;
    /** Fewer points than this say nothing about weekends. */
    private static final int MIN_POINTS = 20;

    /** The first time on this calendar one step after {@code t}. */
    public long next(long t, long stepMillis) {
        long n = t + stepMillis;
        if (this == CONTINUOUS) {
            return n;
        }
        int weekday = weekday(n);
        return weekday < 5 ? n : n + (7 - weekday) * DAY;
    }

    /** Monday 0 .. Sunday 6 of the UTC day of {@code t} (the epoch's day 0 was a Thursday). */
    static int weekday(long t) {
        return (int) Math.floorMod(Math.floorDiv(t, DAY) + 3, 7L);
    }

    /** The snapshot parameter's value: 0 or 1. */
    public double code() {
        return ordinal();
    }

    /** The calendar of a parameter value written by {@link #code()}. */
    public static Calendar of(double code) {
        if (code != 0 && code != 1) {
            throw new IllegalArgumentException("the calendar code must be 0 (continuous) or 1 (weekdays), got " + code);
        }
        return values()[(int) code];
    }

    /**
     * {@link #WEEKDAYS} for data stepping a day or less, spanning two weeks or more, with no point on a Saturday or
     * a Sunday (at least {@value #MIN_POINTS} points); else {@link #CONTINUOUS}.
     */
    public static Calendar infer(List<Series> series, long stepMillis) {
        if (stepMillis > DAY) {
            return CONTINUOUS;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int points = 0;
        for (Series s : series) {
            for (long t : s.timestamps()) {
                if (weekday(t) >= 5) {
                    return CONTINUOUS;
                }
                first = Math.min(first, t);
                last = Math.max(last, t);
                points++;
            }
        }
        return points >= MIN_POINTS && last - first >= 14 * DAY ? WEEKDAYS : CONTINUOUS;
    }
}
