package dev.nowcast.trainer.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import dev.nowcast.model.data.CsvFormatException;
import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Observation;

/**
 * History from a file in the long format {@code key,timestamp,value[,covariate...]} ({@link LongCsvReader}),
 * streamed row by row into a {@link SeriesSampler}, so that a file of any size is read in bounded memory.
 * Unlike a topic, a file is the user's to fix: a malformed row, or a row of a sampled series whose timestamp
 * does not increase, fails the read naming the line. Rows of series outside the sample are not order-checked.
 */
public final class CsvHistorySource implements HistorySource {
    private static final int PROGRESS_EVERY = 100_000;

    private final Path file;

    public CsvHistorySource(Path file) {
        this.file = file;
    }

    @Override
    public History read(HistoryLimits limits, ReadProgress progress, BooleanSupplier cancelled) throws IOException {
        SeriesSampler sampler = new SeriesSampler(limits);
        try (LongCsvReader reader = LongCsvReader.open(file)) {
            long rows = 0;
            for (Observation o = reader.next(); o != null; o = reader.next()) {
                SeriesSampler.Admission admission = sampler.offer(o.key(), o.timestamp(), o.value(), o.covariates());
                if (admission == SeriesSampler.Admission.LATE || admission == SeriesSampler.Admission.DUPLICATE) {
                    throw LongCsvReader.outOfOrder(reader.line(), o, admission == SeriesSampler.Admission.DUPLICATE);
                }
                if (++rows % PROGRESS_EVERY == 0) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("reading " + file + " cancelled");
                    }
                    progress.onProgress(rows, Double.NaN);
                }
            }
            progress.onProgress(rows, 1.0);
        } catch (CsvFormatException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return sampler.finish();
    }

    @Override
    public String description() {
        return "csv " + file;
    }
}
