package dev.nowcast.trainer.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a suite's {@code suite.txt}: {@code NAME SEASON KIND}, the data in {@code NAME.csv} beside it.
 *
 * @param season the seasonal-naive baseline's period in steps (1: none)
 * @param kind   {@code seasonal} (a model earns its place by a better point forecast) or {@code market}
 *               (random-walk-like: the naive forecast is the bar, the value is in calibrated intervals)
 */
public record SuiteDataset(String name, int season, String kind, Path csv) {

    /** The datasets a suite folder lists, in order; blank lines and {@code #} comments are skipped. */
    public static List<SuiteDataset> list(Path folder) throws IOException {
        Path index = folder.resolve("suite.txt");
        if (!Files.isReadable(index)) {
            throw new IOException(folder + " is not a suite folder: no readable suite.txt (lines NAME SEASON KIND)");
        }
        List<SuiteDataset> sets = new ArrayList<>();
        int line = 0;
        for (String raw : Files.readAllLines(index)) {
            line++;
            String text = raw.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] f = text.split("\\s+");
            if (f.length != 3 || !f[1].matches("\\d+")) {
                throw new IOException(index + ":" + line + ": expected NAME SEASON KIND, got '" + text + "'");
            }
            Path csv = folder.resolve(f[0] + ".csv");
            if (!Files.isReadable(csv)) {
                throw new IOException(index + ":" + line + ": " + csv + " is missing");
            }
            sets.add(new SuiteDataset(f[0], Integer.parseInt(f[1]), f[2], csv));
        }
        if (sets.isEmpty()) {
            throw new IOException(index + " lists no dataset");
        }
        return sets;
    }
}
