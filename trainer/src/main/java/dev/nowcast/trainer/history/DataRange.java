package dev.nowcast.trainer.history;

import java.time.Instant;

/**
 * The event-time range of a set of series.
 *
 * @param from first timestamp, epoch milliseconds
 * @param to   last timestamp, epoch milliseconds
 */
public record DataRange(long from, long to) {
    public DataRange {
        if (to < from) {
            throw new IllegalArgumentException("range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    @Override
    public String toString() {
        return Instant.ofEpochMilli(from) + " .. " + Instant.ofEpochMilli(to);
    }
}
