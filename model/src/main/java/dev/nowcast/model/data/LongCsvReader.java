package dev.nowcast.model.data;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the long format {@code key,timestamp,value[,covariate...]}: a header line, then one row per point,
 * timestamps in ISO-8601 with an offset ({@code 2001-01-01T00:00:00Z}, or with a space for the {@code T} as pandas
 * and SQL write them). {@link #next()} streams rows in bounded memory; {@link #readSeries} groups a whole file by
 * key. Fields may be quoted as RFC 4180 has it (what R's {@code write.csv} and spreadsheets write: a quoted key may
 * hold commas, {@code ""} is a quote), within one line; a UTF-8 byte order mark before the header is skipped.
 * Errors name the line. Hand-written: the model module depends on nothing but the JDK (DESIGN.md, modules).
 */
public final class LongCsvReader implements Closeable {
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private final BufferedReader in;
    private final int covariates;
    private long line;

    /** Opens a reader and consumes the header (which decides the number of covariate columns). */
    public LongCsvReader(Reader reader) throws IOException {
        this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = in.readLine();
        line = 1;
        if (header == null) {
            throw new CsvFormatException(1, "empty input, expected the header key,timestamp,value[,covariates...]");
        }
        if (header.startsWith(BYTE_ORDER_MARK)) {
            header = header.substring(1);
        }
        String[] cols = fields(header, 1);
        if (cols.length < 3 || !cols[0].trim().equals("key") || !cols[1].trim().equals("timestamp")
                || !cols[2].trim().equals("value")) {
            throw new CsvFormatException(1, "header must start with key,timestamp,value, got '" + header + "'");
        }
        this.covariates = cols.length - 3;
    }

    public static LongCsvReader open(Path path) throws IOException {
        return new LongCsvReader(Files.newBufferedReader(path, StandardCharsets.UTF_8));
    }

    /** Covariate columns per row. */
    public int covariates() {
        return covariates;
    }

    /** The next row, or null at the end of input. Blank lines are skipped. */
    public Observation next() throws IOException {
        String s;
        do {
            s = in.readLine();
            line++;
            if (s == null) {
                return null;
            }
        } while (s.isBlank());
        String[] f = fields(s, line);
        if (f.length != 3 + covariates) {
            throw new CsvFormatException(line, "expected " + (3 + covariates) + " fields, got " + f.length);
        }
        String key = f[0].trim();
        if (key.isEmpty()) {
            throw new CsvFormatException(line, "empty key");
        }
        long ts = timestamp(f[1]);
        double value = number(f[2], "value");
        double[] cov = new double[covariates];
        for (int c = 0; c < covariates; c++) {
            cov[c] = number(f[3 + c], "covariate " + (c + 1));
        }
        return new Observation(key, ts, value, cov);
    }

    private long timestamp(String field) throws CsvFormatException {
        String t = field.trim();
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new CsvFormatException(line, "bad timestamp '" + field + "' (expected ISO-8601 with an offset, "
                    + "e.g. 2001-01-01T00:00:00Z or 2001-01-01 00:00:00+01:00)");
        }
    }

    /**
     * The fields of one line: split at commas, except inside a field that starts with a double quote, which ends at
     * the next lone quote ({@code ""} inside it is one quote; the quotes are removed). A quote elsewhere is an
     * ordinary character, as before quoting was read. Lines without quotes, nearly all, take the plain split.
     */
    static String[] fields(String s, long line) throws CsvFormatException {
        if (s.indexOf('"') < 0) {
            return s.split(",", -1);
        }
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        while (true) {
            field.setLength(0);
            if (i < s.length() && s.charAt(i) == '"') {
                i = quoted(s, i + 1, field, line);
            }
            while (i < s.length() && s.charAt(i) != ',') {
                field.append(s.charAt(i++));
            }
            out.add(field.toString());
            if (i >= s.length()) {
                return out.toArray(String[]::new);
            }
            i++;
        }
    }

    /** Appends the quoted field's text from {@code i} (after its opening quote); the index after its closing one. */
    private static int quoted(String s, int i, StringBuilder field, long line) throws CsvFormatException {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c != '"') {
                field.append(c);
            } else if (i < s.length() && s.charAt(i) == '"') {
                field.append('"');
                i++;
            } else {
                return i;
            }
        }
        throw new CsvFormatException(line, "unterminated quote (a quoted field must end on its line)");
    }

    /** The error for a row whose key already has a point at or after its time ({@code repeat}: at it). */
    public static CsvFormatException outOfOrder(long line, Observation o, boolean repeat) {
        return new CsvFormatException(line, "timestamps of key '" + o.key() + "' must strictly increase: "
                + Instant.ofEpochMilli(o.timestamp()) + (repeat ? " repeats its previous point's time"
                : " comes before its previous point") + " (sort the file by key and timestamp, one row per key and "
                + "time)");
    }

    /** {@code field} as a CSV field this reader reads back as it is: quoted where it holds a comma or a quote. */
    public static String quote(String field) {
        return field.indexOf(',') < 0 && field.indexOf('"') < 0 ? field
                : '"' + field.replace("\"", "\"\"") + '"';
    }

    private double number(String s, String what) throws CsvFormatException {
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) {
                throw new CsvFormatException(line, what + " is not finite: '" + s + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new CsvFormatException(line, "bad " + what + " '" + s + "'");
        }
    }

    /** 1-based number of the last line read. */
    public long line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * Reads a whole file grouped by key, keys in order of first appearance.
     *
     * @throws CsvFormatException on a malformed row, or when a key's timestamps do not strictly increase
     */
    public static List<Series> readSeries(Path path) throws IOException {
        try (LongCsvReader r = open(path)) {
            return r.readSeries();
        }
    }

    /** Reads the rest of this reader grouped by key (see {@link #readSeries(Path)}). */
    public List<Series> readSeries() throws IOException {
        Map<String, Builder> byKey = new LinkedHashMap<>();
        for (Observation o = next(); o != null; o = next()) {
            Builder b = byKey.computeIfAbsent(o.key(), k -> new Builder());
            if (b.n > 0 && o.timestamp() <= b.ts[b.n - 1]) {
                throw outOfOrder(line, o, o.timestamp() == b.ts[b.n - 1]);
            }
            b.add(o, covariates);
        }
        List<Series> out = new ArrayList<>(byKey.size());
        byKey.forEach((k, b) -> out.add(new Series(k, Arrays.copyOf(b.ts, b.n), Arrays.copyOf(b.vs, b.n),
                Arrays.copyOf(b.cs, b.n * covariates), covariates)));
        return out;
    }

    private static final class Builder {
        long[] ts = new long[256];
        double[] vs = new double[256];
        double[] cs = new double[0];
        int n;

        void add(Observation o, int covariates) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            if (cs.length < (n + 1) * covariates) {
                cs = Arrays.copyOf(cs, Math.max(256, 2 * (n + 1)) * covariates);
            }
            ts[n] = o.timestamp();
            vs[n] = o.value();
            System.arraycopy(o.covariates(), 0, cs, n * covariates, covariates);
            n++;
        }
    }
}
