package dev.nowcast.trainer.suite;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.forecast.NormalDistribution;

/**
 * A dataset's scored one-step forecasts as CSV ({@value SuiteRunner#FORECASTS_HEADER}), or nothing when no folder
 * was asked for. Rows arrive from the evaluator's listener, on the caller's thread in series and time order.
 */
final class ForecastsFile implements AutoCloseable {
    private static final ForecastsFile NONE = new ForecastsFile(null);
    private final BufferedWriter out;

    private ForecastsFile(BufferedWriter out) {
        this.out = out;
    }

    /** {@code dir/name.csv} with its header, or a file that writes nothing when {@code dir} is null. */
    static ForecastsFile open(Path dir, String name) throws IOException {
        if (dir == null) {
            return NONE;
        }
        BufferedWriter w = Files.newBufferedWriter(dir.resolve(name + ".csv"));
        w.write(SuiteRunner.FORECASTS_HEADER);
        w.newLine();
        return new ForecastsFile(w);
    }

    /** One forecast and its p10-p90 interval; the listener cannot throw a checked exception, so neither can this. */
    void write(String key, int point, long timestamp, double actual, double mean, double stddev) {
        if (out == null) {
            return;
        }
        double half = NormalDistribution.Z90 * stddev;
        try {
            out.write(LongCsvReader.quote(key) + "," + point + "," + Instant.ofEpochMilli(timestamp) + "," + actual
                    + "," + mean + "," + (mean - half) + "," + (mean + half));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
