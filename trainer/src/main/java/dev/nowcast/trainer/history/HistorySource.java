package dev.nowcast.trainer.history;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/** Where a training run's history comes from: a CSV file or observation topics. */
public interface HistorySource {

    /** Receives progress while a source is read (on the reading thread; keep it quick). */
    @FunctionalInterface
    interface ReadProgress {
        /**
         * @param records  records read so far
         * @param fraction share of the bounded read done, in [0, 1], or NaN when the source cannot tell
         */
        void onProgress(long records, double fraction);

        /** Ignores progress. */
        ReadProgress NONE = (records, fraction) -> { };
    }

    /**
     * Reads the source once, keeping a bounded sample (see {@link SeriesSampler}).
     *
     * @param cancelled polled while reading; when it returns true the read stops with a
     *                  {@link java.util.concurrent.CancellationException}
     * @throws IOException when the source cannot be read (a malformed CSV row names its line)
     */
    History read(HistoryLimits limits, ReadProgress progress, BooleanSupplier cancelled) throws IOException;

    /** What this source is, for messages and reports (e.g. {@code csv data/flights.csv}). */
    String description();
}
