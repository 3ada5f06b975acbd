package dev.nowcast.trainer.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.trainer.testing.TestData;

class CsvHistorySourceTest {
    @TempDir
    Path dir;

    @Test
    void readsAShippedFileCompletelyWithinTheDefaultLimits() throws IOException {
        Path file = TestData.flights();

        History h = new CsvHistorySource(file).read(HistoryLimits.defaults(), HistorySource.ReadProgress.NONE,
                () -> false);

        List<Series> all = LongCsvReader.readSeries(file);
        assertThat(h.series()).hasSize(30);
        assertThat(h.observations()).isEqualTo(130_350);
        assertThat(h.stats().pointsTrimmed()).isZero();
        assertThat(h.stats().seriesSeenExact()).isTrue();
        // Same data, grouped as the reader groups it, in key order.
        assertThat(h.fingerprint()).isEqualTo(DataFingerprint.of(all.stream()
                .sorted(java.util.Comparator.comparing(Series::key)).toList()));
        assertThat(Instant.ofEpochMilli(h.range().from())).isEqualTo(Instant.parse("2001-01-01T00:00:00Z"));
    }

    @Test
    void theFingerprintDoesNotDependOnHowRowsAreInterleaved() throws IOException {
        List<Series> data = TestData.flights(Set.of("ATL", "ORD", "DFW"), 200);
        Path grouped = TestData.writeCsv(data, dir.resolve("grouped.csv"));
        StringBuilder interleaved = new StringBuilder("key,timestamp,value\n");
        for (int i = 0; i < 200; i++) {
            for (Series s : data) {
                interleaved.append(s.key()).append(',').append(Instant.ofEpochMilli(s.timestamps()[i])).append(',')
                        .append(s.values()[i]).append('\n');
            }
        }
        Path mixed = Files.writeString(dir.resolve("mixed.csv"), interleaved);

        HistoryLimits limits = new HistoryLimits(2, 150, null);
        History a = new CsvHistorySource(grouped).read(limits, HistorySource.ReadProgress.NONE, () -> false);
        History b = new CsvHistorySource(mixed).read(limits, HistorySource.ReadProgress.NONE, () -> false);

        assertThat(a.series()).hasSize(2).allSatisfy(s -> assertThat(s.size()).isEqualTo(150));
        assertThat(b.fingerprint()).isEqualTo(a.fingerprint());
    }

    @Test
    void aBadRowOrAnOutOfOrderRowNamesTheFileAndLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"),
                "key,timestamp,value\na,2001-01-01T00:00:00Z,1\na,2001-01-01T01:00:00Z,oops\n");
        Path unordered = Files.writeString(dir.resolve("unordered.csv"),
                "key,timestamp,value\na,2001-01-01T01:00:00Z,1\na,2001-01-01T00:00:00Z,2\n");

        assertThatThrownBy(() -> new CsvHistorySource(bad).read(HistoryLimits.defaults(),
                HistorySource.ReadProgress.NONE, () -> false))
                .isInstanceOf(IOException.class).hasMessageContaining("bad.csv").hasMessageContaining("line 3")
                .hasMessageContaining("oops");
        assertThatThrownBy(() -> new CsvHistorySource(unordered).read(HistoryLimits.defaults(),
                HistorySource.ReadProgress.NONE, () -> false))
                .isInstanceOf(IOException.class).hasMessageContaining("unordered.csv")
                .hasMessageContaining("line 3").hasMessageContaining("strictly increase")
                .hasMessageContaining("sort the file by key and timestamp");
    }
}
