package dev.nowcast.trainer.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.nowcast.model.data.Series;

/**
 * Builds a bounded, deterministic sample of series from points delivered one at a time in any interleaving of
 * keys (each key's points in time order), in one pass.
 *
 * <p>Which series: a bottom-k sample by {@link SeriesKeyHash}: the {@code maxSeries} keys with the smallest
 * (hash, key). When the sample is full, a new key enters only if it sorts before the largest kept key, which
 * is then evicted with its points; a key once refused or evicted can never qualify again, because the bar only
 * falls. So the sample is exactly the k smallest keys of the whole source, independent of delivery order, a
 * uniform random sample of the keys (the hash acts as a random permutation), and the same series on every
 * retraining over a growing history, which keeps champion and challenger comparable.
 *
 * <p>Which points: for each kept series, a ring of at most {@code maxPointsPerSeries} most recent points,
 * grown on demand (a short series costs little). Memory is therefore bounded by {@code maxSeries x
 * maxPointsPerSeries x (16 + 8 x covariates)} bytes plus a 4 KiB {@link DistinctCounter}, whatever the source.
 *
 * <p>Not thread-safe.
 */
public final class SeriesSampler {
    /** What became of an offered point. */
    public enum Admission {
        /** In the sample. */
        KEPT,
        /** Its series is not in the sample. */
        NOT_SAMPLED,
        /** Older than the read's {@code from}. */
        BEFORE_FROM,
        /** Rejected: older than its series' previous point. */
        LATE,
        /** Rejected: same timestamp as its series' previous point. */
        DUPLICATE,
        /** Rejected: another number of covariates than its series' first point. */
        COVARIATE_COUNT
    }

    private static final Comparator<Buffer> SAMPLE_ORDER = Comparator
            .<Buffer>comparingLong(b -> b.hash ^ Long.MIN_VALUE) // unsigned order
            .thenComparing(b -> b.key);

    private final HistoryLimits limits;
    private final long from;
    private final Map<String, Buffer> byKey = new HashMap<>();
    private final TreeSet<Buffer> sample = new TreeSet<>(SAMPLE_ORDER);
    private final DistinctCounter distinct = new DistinctCounter();
    private final EnumMap<Rejection, Long> rejected = new EnumMap<>(Rejection.class);
    private boolean everDiscarded;
    private long records;
    private long notSampled;
    private long beforeFrom;

    public SeriesSampler(HistoryLimits limits) {
        this.limits = limits;
        this.from = limits.fromMillis();
    }

    /**
     * Offers one point of series {@code key}.
     *
     * @param covariates the point's covariates (copied; may be empty)
     */
    public Admission offer(String key, long timestamp, double value, double[] covariates) {
        records++;
        Buffer buffer = byKey.get(key);
        long hash = 0;
        if (buffer == null) {
            hash = SeriesKeyHash.of(key);
            distinct.add(hash);
        }
        // Before admission, so that a key with nothing in range takes no place in the sample.
        if (timestamp < from) {
            beforeFrom++;
            return Admission.BEFORE_FROM;
        }
        if (buffer == null) {
            buffer = admit(key, hash, covariates.length);
            if (buffer == null) {
                notSampled++;
                return Admission.NOT_SAMPLED;
            }
        }
        Admission admission = buffer.add(timestamp, value, covariates);
        switch (admission) {
            case LATE -> count(Rejection.LATE);
            case DUPLICATE -> count(Rejection.DUPLICATE);
            case COVARIATE_COUNT -> count(Rejection.COVARIATE_COUNT);
            default -> { }
        }
        return admission;
    }

    /** Counts a record rejected before it could be offered (e.g. undecodable). */
    public void reject(Rejection reason) {
        records++;
        count(reason);
    }

    private void count(Rejection reason) {
        rejected.merge(reason, 1L, Long::sum);
    }

    /** The buffer for a new key, or null if the key does not qualify for the sample. */
    private Buffer admit(String key, long hash, int covariates) {
        Buffer candidate = new Buffer(key, hash, covariates);
        if (sample.size() == limits.maxSeries()) {
            everDiscarded = true;
            Buffer largest = sample.last();
            if (SAMPLE_ORDER.compare(candidate, largest) > 0) {
                return null;
            }
            sample.pollLast();
            byKey.remove(largest.key);
            notSampled += largest.size + largest.trimmed;
        }
        sample.add(candidate);
        byKey.put(key, candidate);
        return candidate;
    }

    /**
     * The sample, in key order. Series whose covariate count differs from the most common one among the kept
     * series (ties: the smaller count) are left out, their points counted as {@link Rejection#COVARIATE_COUNT}.
     */
    public History finish() {
        Map<Integer, Integer> byCount = new TreeMap<>();
        for (Buffer b : sample) {
            if (b.size > 0) {
                byCount.merge(b.covariates, 1, Integer::sum);
            }
        }
        int covariates = byCount.entrySet().stream().max(Map.Entry.<Integer, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(0);
        List<Buffer> kept = new ArrayList<>(sample);
        kept.sort(Comparator.comparing(b -> b.key));
        List<Series> series = new ArrayList<>();
        long points = 0;
        long trimmed = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Buffer b : kept) {
            trimmed += b.trimmed;
            if (b.size == 0) {
                continue;
            }
            if (b.covariates != covariates) {
                rejected.merge(Rejection.COVARIATE_COUNT, (long) b.size, Long::sum);
                continue;
            }
            Series s = b.toSeries();
            series.add(s);
            points += s.size();
            first = Math.min(first, s.timestamps()[0]);
            last = Math.max(last, s.timestamps()[s.size() - 1]);
        }
        long seen = everDiscarded ? Math.max(distinct.estimate(), sample.size()) : sample.size();
        HistoryStats stats = new HistoryStats(records, seen, !everDiscarded, series.size(), points, notSampled,
                beforeFrom, trimmed, rejected);
        DataRange range = series.isEmpty() ? null : new DataRange(first, last);
        return new History(series, range, DataFingerprint.of(series), stats);
    }

    /** One kept series: a ring of its most recent points, grown on demand up to the per-series cap. */
    private final class Buffer {
        final String key;
        final long hash;
        final int covariates;
        long[] timestamps = new long[16];
        double[] values = new double[16];
        double[] covariateValues;
        int start;
        int size;
        long trimmed;
        long lastTimestamp = Long.MIN_VALUE;

        Buffer(String key, long hash, int covariates) {
            this.key = key;
            this.hash = hash;
            this.covariates = covariates;
            this.covariateValues = new double[16 * covariates];
        }

        Admission add(long timestamp, double value, double[] cov) {
            if (cov.length != covariates) {
                return Admission.COVARIATE_COUNT;
            }
            if (timestamp < lastTimestamp) {
                return Admission.LATE;
            }
            if (timestamp == lastTimestamp) {
                return Admission.DUPLICATE;
            }
            lastTimestamp = timestamp;
            int capacity = timestamps.length;
            if (size == capacity && capacity < limits.maxPointsPerSeries()) {
                int grown = (int) Math.min(limits.maxPointsPerSeries(), 2L * capacity);
                timestamps = Arrays.copyOf(timestamps, grown);
                values = Arrays.copyOf(values, grown);
                covariateValues = Arrays.copyOf(covariateValues, grown * covariates);
                capacity = grown;
            }
            int slot;
            if (size < capacity) {
                slot = (start + size) % capacity;
                size++;
            } else {
                // Full at the cap: the oldest point makes room.
                slot = start;
                start = (start + 1) % capacity;
                trimmed++;
            }
            timestamps[slot] = timestamp;
            values[slot] = value;
            System.arraycopy(cov, 0, covariateValues, slot * covariates, covariates);
            return Admission.KEPT;
        }

        Series toSeries() {
            long[] ts = new long[size];
            double[] vs = new double[size];
            double[] cs = new double[size * covariates];
            int capacity = timestamps.length;
            for (int i = 0; i < size; i++) {
                int slot = (start + i) % capacity;
                ts[i] = timestamps[slot];
                vs[i] = values[slot];
                System.arraycopy(covariateValues, slot * covariates, cs, i * covariates, covariates);
            }
            return new Series(key, ts, vs, cs, covariates);
        }
    }
}
