package dev.nowcast.trainer.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.nowcast.model.data.Series;

class SeriesSamplerTest {
    private static final double[] NONE = new double[0];

    /** Points of {@code keys} keys x {@code points} points, as (key index, point index) pairs. */
    private static List<int[]> points(int keys, int points) {
        List<int[]> all = new ArrayList<>();
        for (int p = 0; p < points; p++) {
            for (int k = 0; k < keys; k++) {
                all.add(new int[] {k, p});
            }
        }
        return all;
    }

    private static History sample(List<int[]> order, HistoryLimits limits) {
        SeriesSampler sampler = new SeriesSampler(limits);
        for (int[] kp : order) {
            sampler.offer("key-" + kp[0], 1_000L * kp[1], kp[0] * 1000.0 + kp[1], NONE);
        }
        return sampler.finish();
    }

    @Test
    void keepsTheSmallestKeysByHashWhateverTheDeliveryOrder() {
        List<int[]> byTime = points(50, 20);
        // Per key the points stay in time order; keys are interleaved differently.
        List<int[]> byKey = new ArrayList<>(byTime);
        byKey.sort(Comparator.<int[]>comparingInt(kp -> kp[0]).thenComparingInt(kp -> kp[1]));
        List<int[]> reversedKeys = new ArrayList<>(byTime);
        reversedKeys.sort(Comparator.<int[]>comparingInt(kp -> -kp[0]).thenComparingInt(kp -> kp[1]));
        HistoryLimits limits = new HistoryLimits(7, 100, null);

        History a = sample(byTime, limits);
        History b = sample(byKey, limits);
        History c = sample(reversedKeys, limits);

        List<String> expected = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            expected.add("key-" + k);
        }
        expected.sort(Comparator.comparingLong((String key) -> SeriesKeyHash.of(key) ^ Long.MIN_VALUE));
        List<String> bottom7 = new ArrayList<>(expected.subList(0, 7));
        Collections.sort(bottom7);
        assertThat(a.series()).extracting(Series::key).containsExactlyElementsOf(bottom7);
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(c.fingerprint()).isEqualTo(a.fingerprint());
        assertThat(a.series()).allSatisfy(s -> assertThat(s.size()).isEqualTo(20));
        assertThat(a.stats().seriesKept()).isEqualTo(7);
        assertThat(a.stats().pointsNotSampled()).isEqualTo(43 * 20);
    }

    @Test
    void keepsTheMostRecentPointsOfEachSeries() {
        History h = sample(points(3, 1000), new HistoryLimits(10, 64, null));

        for (Series s : h.series()) {
            assertThat(s.size()).isEqualTo(64);
            assertThat(s.timestamps()[0]).isEqualTo(1_000L * (1000 - 64));
            assertThat(s.timestamps()[63]).isEqualTo(1_000L * 999);
            int k = Integer.parseInt(s.key().substring(4));
            assertThat(s.values()[63]).isEqualTo(k * 1000.0 + 999);
        }
        assertThat(h.stats().pointsTrimmed()).isEqualTo(3 * (1000 - 64));
        assertThat(h.range()).isEqualTo(new DataRange(1_000L * (1000 - 64), 1_000L * 999));
    }

    @Test
    void memoryStaysBoundedForManySeriesAndTheDistinctCountIsEstimated() {
        SeriesSampler sampler = new SeriesSampler(new HistoryLimits(10, 4, null));
        int keys = 200_000;
        for (int p = 0; p < 3; p++) {
            for (int k = 0; k < keys; k++) {
                sampler.offer("sensor-" + k, p, k, NONE);
            }
        }
        History h = sampler.finish();

        assertThat(h.series()).hasSize(10);
        assertThat(h.stats().seriesSeenExact()).isFalse();
        // HyperLogLog with 4096 registers: standard error about 1.6%; 5% is over three of them.
        assertThat((double) h.stats().seriesSeen()).isBetween(keys * 0.95, keys * 1.05);
        assertThat(h.stats().records()).isEqualTo(3L * keys);
        assertThat(h.stats().pointsKept() + h.stats().pointsNotSampled()).isEqualTo(3L * keys);
    }

    @Test
    void countsLateDuplicateAndCovariateMismatchesAndFiltersByTime() {
        SeriesSampler sampler = new SeriesSampler(new HistoryLimits(10, 100, Instant.ofEpochMilli(100)));
        assertThat(sampler.offer("a", 50, 1, NONE)).isEqualTo(SeriesSampler.Admission.BEFORE_FROM);
        assertThat(sampler.offer("a", 100, 1, NONE)).isEqualTo(SeriesSampler.Admission.KEPT);
        assertThat(sampler.offer("a", 100, 2, NONE)).isEqualTo(SeriesSampler.Admission.DUPLICATE);
        assertThat(sampler.offer("a", 90, 2, NONE)).isEqualTo(SeriesSampler.Admission.BEFORE_FROM);
        assertThat(sampler.offer("a", 99, 2, NONE)).isEqualTo(SeriesSampler.Admission.BEFORE_FROM);
        assertThat(sampler.offer("a", 200, 2, NONE)).isEqualTo(SeriesSampler.Admission.KEPT);
        assertThat(sampler.offer("a", 150, 3, NONE)).isEqualTo(SeriesSampler.Admission.LATE);
        assertThat(sampler.offer("a", 300, 3, new double[] {1})).isEqualTo(SeriesSampler.Admission.COVARIATE_COUNT);
        sampler.reject(Rejection.UNDECODABLE);

        History h = sampler.finish();

        assertThat(h.series()).singleElement().satisfies(s -> assertThat(s.timestamps()).containsExactly(100, 200));
        assertThat(h.stats().rejected()).containsEntry(Rejection.DUPLICATE, 1L).containsEntry(Rejection.LATE, 1L)
                .containsEntry(Rejection.COVARIATE_COUNT, 1L).containsEntry(Rejection.UNDECODABLE, 1L);
        assertThat(h.stats().pointsBeforeFrom()).isEqualTo(3);
        HistoryStats s = h.stats();
        assertThat(s.records()).isEqualTo(s.pointsKept() + s.pointsTrimmed() + s.pointsNotSampled()
                + s.pointsBeforeFrom() + s.rejectedTotal());
    }

    @Test
    void seriesWithAMinorityCovariateCountAreLeftOut() {
        SeriesSampler sampler = new SeriesSampler(new HistoryLimits(10, 100, null));
        for (int t = 0; t < 5; t++) {
            sampler.offer("a", t, t, new double[] {1, 2});
            sampler.offer("b", t, t, new double[] {1, 2});
            sampler.offer("c", t, t, new double[] {1});
        }

        History h = sampler.finish();

        assertThat(h.series()).extracting(Series::key).containsExactly("a", "b");
        assertThat(h.series().get(0).covariates()).containsExactly(1, 2, 1, 2, 1, 2, 1, 2, 1, 2);
        assertThat(h.stats().rejected()).containsEntry(Rejection.COVARIATE_COUNT, 5L);
    }

    @Test
    void aRandomStreamIsSampledLikeItsSortedSelf() {
        Random random = new Random(42);
        List<int[]> shuffledKeys = points(300, 5);
        // Shuffle whole keys' positions while keeping each key's points in order.
        List<Integer> keyOrder = new ArrayList<>();
        for (int k = 0; k < 300; k++) {
            keyOrder.add(k);
        }
        Collections.shuffle(keyOrder, random);
        List<int[]> stream = new ArrayList<>();
        for (int k : keyOrder) {
            for (int p = 0; p < 5; p++) {
                stream.add(new int[] {k, p});
            }
        }
        HistoryLimits limits = new HistoryLimits(25, 5, null);

        assertThat(sample(stream, limits).fingerprint()).isEqualTo(sample(shuffledKeys, limits).fingerprint());
    }
}
