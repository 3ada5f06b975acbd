package dev.nowcast.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;

/**
 * A shipped real dataset the demo replays, read from the jar and split per series into the history replayed at
 * once (the first models train on it) and the rest, replayed live.
 *
 * @param model   the model that forecasts it
 * @param topic   its observation topic
 * @param file    the dataset's file name
 * @param history the first part of every series
 * @param live    the rest of every series
 */
record DemoDataset(String model, String topic, String file, List<Series> history, List<Series> live) {

    static DemoDataset load(String model, String topic, String file, Path dir, double historyFraction)
            throws IOException {
        Path csv = dir.resolve(file);
        try (InputStream in = DemoDataset.class.getResourceAsStream("/demo-data/" + file)) {
            if (in == null) {
                throw new IOException("the demo dataset " + file + " is missing from the nowcast jar");
            }
            Files.copy(in, csv);
        }
        List<Series> history = new ArrayList<>();
        List<Series> live = new ArrayList<>();
        for (Series s : LongCsvReader.readSeries(csv)) {
            int cut = (int) Math.round(s.size() * historyFraction);
            history.add(s.head(cut));
            live.add(new Series(s.key(), Arrays.copyOfRange(s.timestamps(), cut, s.size()),
                    Arrays.copyOfRange(s.values(), cut, s.size())));
        }
        return new DemoDataset(model, topic, file, history, live);
    }

    int seriesCount() {
        return history.size();
    }
}
