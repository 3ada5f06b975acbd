package dev.nowcast.model.data;

import java.io.IOException;

/** A malformed row of a long-format file; the message names the line (1-based, the header is line 1). */
public final class CsvFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long line;

    public CsvFormatException(long line, String message) {
        super("line " + line + ": " + message);
        this.line = line;
    }

    /** 1-based line number of the offending row. */
    public long line() {
        return line;
    }
}
