package dev.nowcast.model.data;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongCsvReaderTest {
    private static LongCsvReader reader(String text) throws Exception {
        return new LongCsvReader(new StringReader(text));
    }

    @Test
    void streamsRowsWithCovariates() throws Exception {
        try (LongCsvReader r = reader("key,timestamp,value,volume\na,2001-01-01T00:00:00Z,1.5,10\n\n"
                + "b,2001-01-01T01:00:00+01:00,-2,3e2\n")) {
            assertThat(r.covariates()).isEqualTo(1);
            Observation o = r.next();
            assertThat(o.key()).isEqualTo("a");
            assertThat(o.timestamp()).isEqualTo(978_307_200_000L);
            assertThat(o.value()).isEqualTo(1.5);
            assertThat(o.covariates()).containsExactly(10);
            Observation p = r.next();
            assertThat(p.timestamp()).isEqualTo(978_307_200_000L);
            assertThat(p.covariates()).containsExactly(300);
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void readsWhatSpreadsheetsRAndPandasWrite() throws Exception {
        // A byte order mark (Excel's "CSV UTF-8"), quoted fields (R's write.csv), a key with a comma and a quote,
        // and timestamps with a space for the T (pandas' to_csv, SQL).
        List<Series> series = reader("\uFEFF\"key\",\"timestamp\",\"value\"\n"
                + "\"site 1, \"\"north\"\"\",\"2001-01-01 00:00:00+00:00\",\"1.5\"\n"
                + "\"site 1, \"\"north\"\"\",2001-01-01 02:00:00+01:00,2\n"
                + "\"site 1, \"\"north\"\"\",2001-01-01T02:00:00Z,3\n").readSeries();
        assertThat(series).hasSize(1);
        Series s = series.get(0);
        assertThat(s.key()).isEqualTo("site 1, \"north\"");
        assertThat(s.timestamps()).containsExactly(978_307_200_000L, 978_310_800_000L, 978_314_400_000L);
        assertThat(s.values()).containsExactly(1.5, 2, 3);
        assertThat(LongCsvReader.fields("sensor \"A\",5\" pipe,\"\"", 2)).as("a quote inside a field is a character")
                .containsExactly("sensor \"A\"", "5\" pipe", "");
        for (String key : List.of("plain", "site 1, \"north\"", "5\" pipe")) {
            assertThat(LongCsvReader.fields(LongCsvReader.quote(key) + ",x", 2)).as("quote() reads back")
                    .containsExactly(key, "x");
        }
    }

    @Test
    void reportsBadRowsWithTheirLineNumber() throws Exception {
        String head = "key,timestamp,value\na,2001-01-01T00:00:00Z,1\n";
        assertThatThrownBy(() -> reader(head + "a,yesterday,2\n").readSeries())
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("line 3").hasMessageContaining("timestamp");
        assertThatThrownBy(() -> reader(head + "a,2001-01-01T01:00:00Z,x\n").readSeries())
                .hasMessageContaining("line 3: bad value 'x'");
        assertThatThrownBy(() -> reader(head + "a,2001-01-01T01:00:00Z,NaN\n").readSeries())
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> reader(head + "a,2001-01-01T01:00:00Z\n").readSeries())
                .hasMessageContaining("line 3: expected 3 fields, got 2");
        assertThatThrownBy(() -> reader(head + "a,2001-01-01T00:00:00Z,2\n").readSeries())
                .hasMessageContaining("line 3").hasMessageContaining("strictly increase: 2001-01-01T00:00:00Z "
                        + "repeats its previous point's time (sort the file by key and timestamp");
        assertThatThrownBy(() -> reader(head + "\"a,2001-01-01T01:00:00Z,2\n").readSeries())
                .hasMessageContaining("line 3: unterminated quote");
        assertThatThrownBy(() -> reader(head + "a,2001-01-01 01:00:00,2\n").readSeries())
                .as("no offset: ambiguous").hasMessageContaining("line 3: bad timestamp")
                .hasMessageContaining("with an offset");
        assertThatThrownBy(() -> reader("k,t,v\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> reader("")).hasMessageContaining("empty input");
    }

    @Test
    void groupsAFileBySeriesInOrderOfFirstAppearance() throws Exception {
        List<Series> series = LongCsvReader.readSeries(Path.of("../data/flights-hourly-departures.csv"));
        assertThat(series).hasSize(30);
        assertThat(series.stream().mapToInt(Series::size).sum()).isEqualTo(130_350);
        Series ord = series.get(0);
        assertThat(ord.key()).isEqualTo("ORD");
        assertThat(ord.timestamps()[1] - ord.timestamps()[0]).isEqualTo(3_600_000L);
        assertThat(ord.covariateCount()).isZero();
    }
}
