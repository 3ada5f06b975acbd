package dev.nowcast.trainer.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The classical forecasts' MAE on a dataset's scored points, from a suite's {@code stat_baselines.json} (R's
 * {@code forecast} package; see the suite's README). A missing value is NaN.
 */
public record Baselines(double naive, double seasonalNaive, double ets, double arima) {
    /** A dataset the folder's {@code stat_baselines.json} does not list. */
    public static final Baselines NONE = new Baselines(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /**
     * These baselines, with the simple rules the evaluator computed on the same points where the file has none:
     * a folder without R's baselines is still scored against naive and seasonal naive.
     */
    public Baselines orSimpleRules(double naiveMae, double seasonalNaiveMae) {
        return new Baselines(Double.isNaN(naive) ? naiveMae : naive,
                Double.isNaN(seasonalNaive) ? seasonalNaiveMae : seasonalNaive, ets, arima);
    }

    /** The best classical forecast: min(naive, seasonal naive, ETS, ARIMA) over those present. */
    public double bestClassical() {
        return min(min(naive, seasonalNaive), min(ets, arima));
    }

    /** The better of the two simple rules. */
    public double bestSimple() {
        return min(naive, seasonalNaive);
    }

    private static double min(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    /** By dataset name; empty when the folder has no {@code stat_baselines.json}. */
    static Map<String, Baselines> read(Path folder) throws IOException {
        Map<String, Baselines> out = new TreeMap<>();
        Path file = folder.resolve("stat_baselines.json");
        if (!Files.isReadable(file)) {
            return out;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON" + (e.getLocation() == null ? "" : " (line "
                    + e.getLocation().getLineNr() + ")") + ": " + e.getOriginalMessage(), e);
        }
        root.fields().forEachRemaining(e -> out.put(e.getKey(), new Baselines(number(e.getValue(), "naive_mae"),
                number(e.getValue(), "snaive_mae"), number(e.getValue(), "ets_mae"), number(e.getValue(), "arima_mae"))));
        return out;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
