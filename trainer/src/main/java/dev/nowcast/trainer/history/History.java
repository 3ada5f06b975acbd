package dev.nowcast.trainer.history;

import java.util.List;

import dev.nowcast.model.data.Series;

/**
 * The history a training run uses: a bounded sample of series in key order (so that the run does not depend on
 * the order the source delivered them in), its event-time range, its {@link DataFingerprint fingerprint} and
 * what the read saw.
 *
 * @param series      in key order, each time-ordered
 * @param fingerprint {@link DataFingerprint#of} the series
 */
public record History(List<Series> series, DataRange range, String fingerprint, HistoryStats stats) {
    public History {
        series = List.copyOf(series);
    }

    /** Points in the sample. */
    public long observations() {
        long n = 0;
        for (Series s : series) {
            n += s.size();
        }
        return n;
    }
}
