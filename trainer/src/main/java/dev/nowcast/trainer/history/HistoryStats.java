package dev.nowcast.trainer.history;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a bounded history read saw and kept.
 *
 * @param records           records (or CSV rows) read
 * @param seriesSeen        distinct series in the source: exact when {@code seriesSeenExact}, otherwise a
 *                          HyperLogLog estimate (about 1.6% standard error)
 * @param seriesSeenExact   whether {@code seriesSeen} is exact (every series seen was kept)
 * @param seriesKept        series in the sample
 * @param pointsKept        points in the sample
 * @param pointsNotSampled  points of series outside the sample (including series evicted from it)
 * @param pointsBeforeFrom  points older than the read's {@code from}
 * @param pointsTrimmed     points of sampled series dropped because newer ones filled the per-series cap
 * @param rejected          records not used, by reason (unmodifiable)
 */
public record HistoryStats(long records, long seriesSeen, boolean seriesSeenExact, long seriesKept, long pointsKept,
                           long pointsNotSampled, long pointsBeforeFrom, long pointsTrimmed,
                           Map<Rejection, Long> rejected) {
    public HistoryStats {
        EnumMap<Rejection, Long> copy = new EnumMap<>(Rejection.class);
        copy.putAll(rejected);
        rejected = Collections.unmodifiableMap(copy);
    }

    /** Records rejected for any reason. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
