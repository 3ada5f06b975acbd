package dev.nowcast.trainer.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.nowcast.model.data.Series;

class DataFingerprintTest {
    private static List<Series> data() {
        return List.of(
                new Series("a", new long[] {1000, 2000}, new double[] {1.5, 2.5}),
                new Series("b", new long[] {1000, 2000, 3000}, new double[] {-1, 0, 1}, new double[] {7, 8, 9}, 1));
    }

    @Test
    void isTheSha256OfTheDocumentedCanonicalForm() {
        // Computed independently (Python's struct and hashlib) from the format in DataFingerprint's javadoc. The
        // form is a contract: snapshots record the fingerprint to recognise the same data across runs and JVMs.
        assertThat(DataFingerprint.of(data()))
                .isEqualTo("951c83f5a9e42368e339af46fbd4dbd81ee3bdcb759574e1787391b4a0860bdd");
    }

    @Test
    void changesWithAnyKeyTimestampValueOrCovariate() {
        String base = DataFingerprint.of(data());
        assertThat(DataFingerprint.of(List.of(new Series("A", new long[] {1000, 2000}, new double[] {1.5, 2.5}),
                data().get(1)))).isNotEqualTo(base);
        assertThat(DataFingerprint.of(List.of(new Series("a", new long[] {1000, 2001}, new double[] {1.5, 2.5}),
                data().get(1)))).isNotEqualTo(base);
        assertThat(DataFingerprint.of(List.of(new Series("a", new long[] {1000, 2000}, new double[] {1.5, 2.50001}),
                data().get(1)))).isNotEqualTo(base);
        assertThat(DataFingerprint.of(List.of(data().get(0), new Series("b", new long[] {1000, 2000, 3000},
                new double[] {-1, 0, 1}, new double[] {7, 8, 10}, 1)))).isNotEqualTo(base);
        // Moving a point from one series to the other keeps every number but not the grouping.
        assertThat(DataFingerprint.of(List.of(new Series("a", new long[] {1000}, new double[] {1.5}),
                new Series("a2", new long[] {2000}, new double[] {2.5}), data().get(1)))).isNotEqualTo(base);
    }

    @Test
    void coversMoreDataThanItsBuffer() {
        int n = 10_000;
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i;
            vs[i] = i;
        }
        String base = DataFingerprint.of(List.of(new Series("k", ts, vs)));
        vs[n - 1] = -1;
        assertThat(DataFingerprint.of(List.of(new Series("k", ts, vs)))).isNotEqualTo(base);
    }
}
