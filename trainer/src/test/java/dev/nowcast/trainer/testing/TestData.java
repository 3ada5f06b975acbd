package dev.nowcast.trainer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;

/** The shipped datasets and small subsets of them, for tests. */
public final class TestData {
    private TestData() {
    }

    /** A file of the repository's {@code data/} directory. */
    public static Path shipped(String name) {
        Path p = Path.of("..", "data", name).toAbsolutePath().normalize();
        if (!Files.isReadable(p)) {
            throw new IllegalStateException("missing shipped dataset " + p);
        }
        return p;
    }

    public static Path flights() {
        return shipped("flights-hourly-departures.csv");
    }

    /** The first {@code points} points of the given keys of the flights data (hourly, daily and weekly season). */
    public static List<Series> flights(Set<String> keys, int points) {
        try {
            List<Series> out = new ArrayList<>();
            for (Series s : LongCsvReader.readSeries(flights())) {
                if (keys.contains(s.key())) {
                    out.add(s.head(Math.min(points, s.size())));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code series} as a long-format CSV, grouped by key (as the shipped files are). */
    public static Path writeCsv(List<Series> series, Path file) {
        StringBuilder b = new StringBuilder();
        int covariates = series.isEmpty() ? 0 : series.get(0).covariateCount();
        b.append("key,timestamp,value");
        for (int c = 0; c < covariates; c++) {
            b.append(",c").append(c + 1);
        }
        b.append('\n');
        for (Series s : series) {
            for (int i = 0; i < s.size(); i++) {
                b.append(s.key()).append(',').append(Instant.ofEpochMilli(s.timestamps()[i])).append(',')
                        .append(s.values()[i]);
                for (int c = 0; c < covariates; c++) {
                    b.append(',').append(s.covariates()[i * covariates + c]);
                }
                b.append('\n');
            }
        }
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A regular series of {@code n} points from {@code start}, {@code step} apart, value {@code f(i)}. */
    public static Series series(String key, long start, long step, int n, java.util.function.IntToDoubleFunction f) {
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = start + i * step;
            vs[i] = f.applyAsDouble(i);
        }
        return new Series(key, ts, vs);
    }
}
