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

    /**
     * Time from {@code previous} to {@code t} that the calendar counts: all of it, or on {@link #WEEKDAYS} all but
     * the Saturdays and Sundays in between, so that a weekend is not a gap in a series that has none on weekdays
     * (half-hourly exchange rates pause 48 hours every week).
     */
    public long elapsed(long previous, long t) {
        return this == CONTINUOUS ? t - previous : t - previous - (weekendBefore(t) - weekendBefore(previous));
    }

    /** Weekend milliseconds between the Monday 1969-12-29 00:00 UTC and {@code t} (negative before it). */
    private static long weekendBefore(long t) {
        long day = Math.floorDiv(t, DAY);
        long sinceMonday = day + 3;
        long week = Math.floorDiv(sinceMonday, 7L);
        int weekday = (int) Math.floorMod(sinceMonday, 7L);
        long intoDay = t - day * DAY;
        return week * 2 * DAY + (weekday == 5 ? intoDay : weekday == 6 ? DAY + intoDay : 0);
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
