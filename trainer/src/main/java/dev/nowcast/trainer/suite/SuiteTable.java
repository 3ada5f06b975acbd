package dev.nowcast.trainer.suite;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nowcast.trainer.job.TrainingDetails;

/** The suite's results as a console table with a summary against the bar, and as JSON. */
public final class SuiteTable {
    private SuiteTable() {
    }

    /** The table, failed datasets last, and the summary, where a failed dataset counts and meets no bar. */
    public static void print(PrintWriter out, List<SuiteResult> results, List<SuiteFailure> failures) {
        out.printf(Locale.ROOT, "%-28s %-8s %11s %11s %11s %6s %6s %6s %6s %6s %6s %7s %s%n", "dataset", "kind",
                "MAE", "best class.", "best simple", "ratio", "cov h1", "cov lo", "cov hi", "keys", "score", "train",
                "bar");
        for (SuiteResult r : results) {
            out.printf(Locale.ROOT, "%-28s %-8s %11s %11s %11s %6s %6s %6s %6s %6s %6s %6.1fs %s%n",
                    r.name(), r.kind(), number("%.5g", r.mae()), number("%.5g", r.baselines().bestClassical()),
                    number("%.5g", r.baselines().bestSimple()), number("%.3f", r.ratioToBestClassical()),
                    number("%.3f", r.coverage()), number("%.3f", r.lowestHorizonCoverage()),
                    number("%.3f", r.highestHorizonCoverage()), number("%.2f", r.keysInBand()),
                    number("%.2f", r.intervalScore()), r.trainMillis() / 1000.0, verdict(r));
        }
        for (SuiteFailure f : failures) {
            out.printf(Locale.ROOT, "%-28s %-8s FAILED: %s%n", f.name(), f.kind(), f.reason());
        }
        int n = results.size() + failures.size();
        out.printf(Locale.ROOT, "%nMAE at most the best classical forecast: %d of %d (bar: %.0f%%)%n",
                results.stream().filter(SuiteResult::atMostBestClassical).count(), n, 80.0);
        out.printf(Locale.ROOT, "MAE within %.2f x the better simple rule: %d of %d (bar: all)%n",
                SuiteResult.SIMPLE_TOLERANCE, results.stream().filter(SuiteResult::withinSimpleRules).count(), n);
        out.printf(Locale.ROOT, "MAE at most 0.9 x the best classical forecast: %d of %d (aim: half)%n",
                results.stream().filter(r -> r.ratioToBestClassical() <= 0.9).count(), n);
        out.printf(Locale.ROOT, "intervals calibrated (h1 %.2f-%.2f, every h %.2f-%.2f, %.0f%% of keys): %d of %d%n",
                SuiteResult.H1_LOW, SuiteResult.H1_HIGH, SuiteResult.ANY_LOW, SuiteResult.ANY_HIGH,
                100 * SuiteResult.KEYS_IN_BAND, results.stream().filter(SuiteResult::intervalsCalibrated).count(), n);
        out.printf(Locale.ROOT, "whole bar met: %d of %d%n", results.stream().filter(SuiteResult::meetsBar).count(), n);
        out.println();
        for (SuiteResult r : results) {
            out.printf(Locale.ROOT, "%-28s %s%n", r.name(), r.model());
        }
        out.flush();
    }

    private static String verdict(SuiteResult r) {
        StringBuilder b = new StringBuilder();
        b.append(r.atMostBestClassical() ? "mae" : "MAE-");
        b.append(r.withinSimpleRules() ? "" : " SIMPLE-");
        b.append(r.intervalsCalibrated() ? " cov" : " COV-");
        return b.toString();
    }

    /** The results, the failed datasets ({@code failed}: name, kind, reason) and the summary, as JSON. */
    public static ObjectNode json(ObjectMapper mapper, List<SuiteResult> results, List<SuiteFailure> failures) {
        ObjectNode root = mapper.createObjectNode();
        ArrayNode sets = root.putArray("datasets");
        for (SuiteResult r : results) {
            ObjectNode n = sets.addObject();
            n.put("name", r.name());
            n.put("kind", r.kind());
            n.put("season", r.season());
            n.put("series", r.series());
            n.put("scored", r.scored());
            TrainingDetails.putNumber(n, "mae", r.mae());
            TrainingDetails.putNumber(n, "naiveMae", r.naiveMae());
            TrainingDetails.putNumber(n, "seasonalNaiveMae", r.seasonalNaiveMae());
            ObjectNode b = n.putObject("baselines");
            TrainingDetails.putNumber(b, "naive", r.baselines().naive());
            TrainingDetails.putNumber(b, "seasonalNaive", r.baselines().seasonalNaive());
            TrainingDetails.putNumber(b, "ets", r.baselines().ets());
            TrainingDetails.putNumber(b, "arima", r.baselines().arima());
            TrainingDetails.putNumber(n, "ratioToBestClassical", r.ratioToBestClassical());
            TrainingDetails.putNumber(n, "coverage", r.coverage());
            ArrayNode h = n.putArray("coverageByHorizon");
            for (double c : r.coverageByHorizon()) {
                if (Double.isFinite(c)) {
                    h.add(c);
                } else {
                    h.addNull();
                }
            }
            TrainingDetails.putNumber(n, "keysInBand", r.keysInBand());
            TrainingDetails.putNumber(n, "intervalScore", r.intervalScore());
            n.put("trainMillis", r.trainMillis());
            n.put("atMostBestClassical", r.atMostBestClassical());
            n.put("withinSimpleRules", r.withinSimpleRules());
            n.put("intervalsCalibrated", r.intervalsCalibrated());
            n.put("meetsBar", r.meetsBar());
            n.put("model", r.model());
        }
        ArrayNode failed = root.putArray("failed");
        for (SuiteFailure f : failures) {
            failed.addObject().put("name", f.name()).put("kind", f.kind()).put("reason", f.reason());
        }
        ObjectNode s = root.putObject("summary");
        s.put("datasets", results.size() + failures.size());
        s.put("failed", failures.size());
        s.put("atMostBestClassical", results.stream().filter(SuiteResult::atMostBestClassical).count());
        s.put("withinSimpleRules", results.stream().filter(SuiteResult::withinSimpleRules).count());
        s.put("intervalsCalibrated", results.stream().filter(SuiteResult::intervalsCalibrated).count());
        s.put("meetsBar", results.stream().filter(SuiteResult::meetsBar).count());
        return root;
    }

    /** A figure, or "-" where there is none (no baseline, a constant set's 0/0). */
    static String number(String format, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "-";
    }
}
