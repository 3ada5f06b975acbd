package dev.nowcast.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap after every collection, from a JVM's {@code -Xlog:gc:file=...:uptime} log: lines such as
 * {@code [12.345s] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 123M->45M(2048M) 3.210ms}.
 */
final class GcLog {

    /** One collection: when (seconds since the JVM started), the heap used after it, and its pause. */
    record Collection(double uptimeSeconds, long heapAfterBytes, double pauseMillis) {
    }

    private static final Pattern PAUSE = Pattern.compile(
            "^\\[(\\d+\\.\\d+)s\\] GC\\(\\d+\\) Pause .*? (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) (\\d+\\.\\d+)ms");

    private GcLog() {
    }

    static List<Collection> read(Path log) {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<Collection> collections = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    collections.add(new Collection(Double.parseDouble(m.group(1)), bytes(m.group(4), m.group(5)),
                            Double.parseDouble(m.group(8))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + log, e);
        }
        return collections;
    }

    private static long bytes(String amount, String unit) {
        long n = Long.parseLong(amount);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }
}
