package dev.nowcast.trainer.cli;

import java.io.PrintWriter;
import java.util.Locale;

import dev.nowcast.model.eval.EvaluationReport;

/** Prints evaluation scores as aligned text tables: the headline metrics, then error and coverage by horizon. */
final class EvaluationTable {
    private EvaluationTable() {
    }

    /**
     * The headline metrics of {@code model} (and {@code champion}, when not null) against the baselines.
     *
     * @param championName column title of the champion, e.g. {@code champion v3}
     */
    static void print(PrintWriter out, String modelName, EvaluationReport model, String championName,
                      EvaluationReport champion, int seasonSteps) {
        String seasonal = seasonSteps > 0 ? "seasonal naive (" + seasonSteps + ")" : "seasonal naive";
        out.printf(Locale.ROOT, "  %-18s %14s", "metric", modelName);
        if (championName != null) {
            out.printf(Locale.ROOT, " %14s", championName);
        }
        out.printf(Locale.ROOT, " %14s %20s%n", "naive", seasonal);
        line(out, "MAE", model.mae(), champion == null ? null : champion.mae(), championName != null,
                model.naiveMae(), model.seasonalNaiveMae());
        line(out, "RMSE", model.rmse(), champion == null ? null : champion.rmse(), championName != null,
                Double.NaN, Double.NaN);
        line(out, "MASE", model.mase(), champion == null ? null : champion.mase(), championName != null,
                Double.NaN, Double.NaN);
        line(out, "p10-p90 coverage", model.coverage(), champion == null ? null : champion.coverage(),
                championName != null, Double.NaN, Double.NaN);
    }

    /** MAE, coverage and count for each horizon step. */
    static void printHorizons(PrintWriter out, EvaluationReport r) {
        out.printf(Locale.ROOT, "  %-8s %12s %12s %10s%n", "horizon", "MAE", "coverage", "count");
        for (int h = 0; h < r.maeByHorizon().length; h++) {
            out.printf(Locale.ROOT, "  %-8d %12s %12s %10d%n", h + 1, number(r.maeByHorizon()[h]),
                    number(r.coverageByHorizon()[h]), r.countByHorizon()[h]);
        }
    }

    private static void line(PrintWriter out, String name, double value, Double champion, boolean championColumn,
                             double naive, double seasonal) {
        out.printf(Locale.ROOT, "  %-18s %14s", name, number(value));
        if (championColumn) {
            out.printf(Locale.ROOT, " %14s", champion == null ? "-" : number(champion));
        }
        out.printf(Locale.ROOT, " %14s %20s%n", number(naive), number(seasonal));
    }

    static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "-";
    }
}
