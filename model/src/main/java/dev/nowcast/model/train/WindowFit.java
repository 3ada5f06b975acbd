package dev.nowcast.model.train;

import dev.nowcast.model.data.Series;

import java.util.List;

/**
 * Fits the training windows to the data: a panel of short series (a few years of monthly points) cannot hold
 * the default windows of {@code warmupSteps + window} steps, so they shrink to fit the median training part of a
 * series, with the stride and the batch shrinking so that there is at least one batch. Long series keep the
 * configured windows. The fitted warm-up is also the number of points after which a served series is warm.
 */
final class WindowFit {
    /** Shortest window, burn-in included, worth training on. */
    static final int MIN_STEPS = 8;

    private WindowFit() {
    }

    static TrainingConfig fit(TrainingConfig config, List<Series> series) {
        int[] lengths = series.stream()
                .mapToInt(s -> s.size() - (int) Math.round(s.size() * config.validationFraction()) - 1)
                .sorted().toArray();
        if (lengths.length == 0) {
            return config;
        }
        int steps = config.warmupSteps() + config.window();
        if (windows(lengths, steps, config.stride()) >= config.batchSize()) {
            return config;
        }
        int median = lengths[lengths.length / 2];
        int fitted = Math.max(MIN_STEPS, Math.min(steps, median * 3 / 4));
        int warmup = Math.min(config.warmupSteps(), fitted / 3);
        int window = fitted - warmup;
        int stride = Math.max(1, Math.min(config.stride(), window / 4));
        long windows = windows(lengths, fitted, stride);
        int chunk = (int) Math.max(1, Math.min(config.chunkSize(), windows));
        int batch = (int) Math.max(chunk, Math.min(config.batchSize(), windows) / chunk * chunk);
        return config.toBuilder().warmupSteps(warmup).window(window).stride(stride).chunkSize(chunk)
                .batchSize(batch).build();
    }

    /** Training windows of {@code steps} steps every {@code stride} points in training parts of these lengths. */
    private static long windows(int[] lengths, int steps, int stride) {
        long n = 0;
        for (int length : lengths) {
            if (length >= steps) {
                n += (length - steps) / stride + 1;
            }
        }
        return n;
    }
}
