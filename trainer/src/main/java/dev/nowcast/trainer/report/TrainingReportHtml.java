package dev.nowcast.trainer.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.forecast.NormalDistribution;
import dev.nowcast.model.train.EpochProgress;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.trainer.history.HistoryStats;
import dev.nowcast.trainer.history.Rejection;
import dev.nowcast.trainer.job.SeriesForecast;
import dev.nowcast.trainer.job.TrainingJob;
import dev.nowcast.trainer.job.TrainingOutcome;

/**
 * The human-readable training report: one self-contained HTML page (inline CSS and SVG, no scripts, no
 * network fetches) with the decision, the held-out scores against the champion and the baselines, the
 * training curve, error and interval coverage by horizon, and forecast against actual with the p10-p90 band
 * for a few series of the held-out part.
 */
public final class TrainingReportHtml {
    private static final String BLUE = "#1f77b4";
    private static final String ORANGE = "#ff7f0e";
    private static final String GREY = "#555555";
    private static final String GREEN = "#2ca02c";
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1000px;\
            color:#222;padding:0 1rem}
            h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}
            table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.25rem .75rem;border-bottom:1px solid #eee;\
            text-align:right}th:first-child,td:first-child{text-align:left}
            .decision{font-size:1.1rem;padding:.5rem .75rem;border-radius:4px}
            .published{background:#e6f4ea;border-left:4px solid #2ca02c}\
            .rejected{background:#fdecea;border-left:4px solid #d62728}
            .muted{color:#666}.warn{color:#8a5300}.mono{font-family:ui-monospace,monospace;font-size:.85rem}
            svg.chart{max-width:100%;height:auto;margin:.5rem 0}
            svg .title{font-size:13px;font-weight:600}svg .tick,svg .legend{font-size:11px;fill:#444}
            svg .label{font-size:11px;fill:#666}svg .grid{stroke:#eee}svg .axis{stroke:#999}
            """;

    private TrainingReportHtml() {
    }

    /** The page for {@code o}. */
    public static String of(TrainingOutcome o) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String title = "Nowcast training report: " + o.model() + " v" + o.snapshot().version();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.escape(title)).append("</title><style>").append(STYLE)
                .append("</style></head><body>\n");
        h.append("<h1>").append(Html.escape(o.model())).append(" v").append(o.snapshot().version()).append("</h1>")
                .append("<p class=\"muted\">created ").append(Instant.ofEpochMilli(o.snapshot().createdAt()))
                .append(" from ").append(Html.escape(o.source())).append("</p>\n");
        h.append("<p class=\"decision ").append(o.decision().publish() ? "published" : "rejected").append("\">")
                .append(Html.escape(o.decision().summary())).append(where(o)).append("</p>\n");
        if (!o.warnings().isEmpty()) {
            h.append("<ul class=\"warn\">");
            o.warnings().forEach(w -> h.append("<li>").append(Html.escape(w)).append("</li>"));
            h.append("</ul>\n");
        }
        scores(h, o);
        curve(h, o);
        horizons(h, o);
        forecasts(h, o);
        data(h, o);
        settings(h, o.config(), o);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static String where(TrainingOutcome o) {
        StringBuilder s = new StringBuilder();
        if (o.publication() != null) {
            s.append("<br><span class=\"muted\">published to ").append(Html.escape(o.publication().topic()))
                    .append(" partition ").append(o.publication().partition()).append(" offset ")
                    .append(o.publication().offset()).append("</span>");
        }
        if (o.snapshotFile() != null) {
            s.append("<br><span class=\"muted\">written to ").append(Html.escape(o.snapshotFile().toString()))
                    .append("</span>");
        }
        return s.toString();
    }

    private static void scores(StringBuilder h, TrainingOutcome o) {
        EvaluationReport c = o.challenger();
        EvaluationReport champion = o.champion();
        String championHeader = o.championVersion() == null ? null : "champion v" + o.championVersion();
        h.append("<h2>Held-out scores</h2><p class=\"muted\">One step ahead on the last ")
                .append(percent(o.holdoutFraction())).append(" of each series (").append(c.scored())
                .append(" points of ").append(c.series()).append(" series), streamed through the stream app's ")
                .append("per-event path.</p><table><tr><th>metric</th><th>challenger</th>");
        if (championHeader != null) {
            h.append("<th>").append(Html.escape(championHeader)).append("</th>");
        }
        h.append("<th>naive</th><th>seasonal naive").append(o.seasonSteps() > 0 ? " (" + o.seasonSteps() + " steps)" : "")
                .append("</th></tr>");
        row(h, "MAE", c.mae(), championHeader == null ? null : champion == null ? Double.NaN : champion.mae(),
                c.naiveMae(), c.seasonalNaiveMae());
        row(h, "RMSE", c.rmse(), championHeader == null ? null : champion == null ? Double.NaN : champion.rmse(),
                Double.NaN, Double.NaN);
        row(h, "MASE", c.mase(), championHeader == null ? null : champion == null ? Double.NaN : champion.mase(),
                Double.NaN, Double.NaN);
        row(h, "p10-p90 coverage", c.coverage(),
                championHeader == null ? null : champion == null ? Double.NaN : champion.coverage(), Double.NaN,
                Double.NaN);
        h.append("</table>\n");
    }

    private static void row(StringBuilder h, String name, double challenger, Double champion, double naive,
                            double seasonal) {
        h.append("<tr><td>").append(name).append("</td><td>").append(num(challenger)).append("</td>");
        if (champion != null) {
            h.append("<td>").append(num(champion)).append("</td>");
        }
        h.append("<td>").append(num(naive)).append("</td><td>").append(num(seasonal)).append("</td></tr>");
    }

    private static void curve(StringBuilder h, TrainingOutcome o) {
        List<EpochProgress> curve = o.training().curve();
        double[] epochs = new double[curve.size()];
        double[] loss = new double[curve.size()];
        double[] mae = new double[curve.size()];
        for (int i = 0; i < curve.size(); i++) {
            epochs[i] = curve.get(i).epoch();
            loss[i] = curve.get(i).trainLoss();
            mae[i] = curve.get(i).validationMae();
        }
        TrainingOutcome.Training t = o.training();
        h.append("<h2>Training</h2><p class=\"muted\">").append(t.epochs()).append(" epoch(s), weights of epoch ")
                .append(t.bestEpoch()).append(" kept").append(t.cancelled() ? " (stopped by the operator)" : "")
                .append("; calibration: mean scale ").append(num(t.meanScale())).append(", stddev scale ")
                .append(num(t.stddevScale())).append(".</p>\n");
        h.append(new LineChart("Training loss per target", "epoch", "loss (scaled units)", 480, 260).integerAxis()
                .line("train loss", epochs, loss, BLUE, false).svg());
        h.append(new LineChart("Early-stopping validation MAE", "epoch", "MAE", 480, 260).integerAxis()
                .line("validation MAE", epochs, mae, ORANGE, false).svg()).append('\n');
    }

    private static void horizons(StringBuilder h, TrainingOutcome o) {
        EvaluationReport c = o.challenger();
        int horizon = c.maeByHorizon().length;
        double[] steps = new double[horizon];
        for (int i = 0; i < horizon; i++) {
            steps[i] = i + 1;
        }
        LineChart mae = new LineChart("MAE by horizon", "steps ahead", "MAE", 480, 260).integerAxis()
                .line("challenger", steps, c.maeByHorizon(), BLUE, false);
        LineChart coverage = new LineChart("p10-p90 coverage by horizon", "steps ahead", "share inside", 480, 260)
                .integerAxis()
                .line("challenger", steps, c.coverageByHorizon(), BLUE, false);
        EvaluationReport champion = o.champion();
        if (champion != null && champion.maeByHorizon().length > 0) {
            double[] championSteps = Arrays.copyOf(steps, Math.min(horizon, champion.maeByHorizon().length));
            mae.line("champion", championSteps, Arrays.copyOf(champion.maeByHorizon(), championSteps.length),
                    GREY, true);
            coverage.line("champion", championSteps,
                    Arrays.copyOf(champion.coverageByHorizon(), championSteps.length), GREY, true);
        }
        if (Double.isFinite(c.seasonalNaiveMae())) {
            mae.reference("seasonal naive (1 step)", c.seasonalNaiveMae(), GREEN);
        }
        mae.reference("naive (1 step)", c.naiveMae(), ORANGE);
        coverage.reference("nominal 80%", 0.8, GREEN);
        h.append("<h2>Error by horizon</h2>").append(mae.svg()).append(coverage.svg()).append('\n');
    }

    private static void forecasts(StringBuilder h, TrainingOutcome o) {
        if (o.forecasts().isEmpty()) {
            return;
        }
        h.append("<h2>Forecasts on held-out data</h2><p class=\"muted\">One-step forecast (mean) against the ")
                .append("actual value, with the p10-p90 band, for the first ").append(o.forecasts().size())
                .append(" series in key order, over the last ").append(TrainingJob.PLOT_POINTS)
                .append(" points (at most) of each held-out part.</p>\n");
        for (SeriesForecast f : o.forecasts()) {
            int n = f.size();
            double[] x = new double[n];
            double[] low = new double[n];
            double[] high = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = f.timestamps()[i];
                low[i] = f.mean()[i] - NormalDistribution.Z90 * f.stddev()[i];
                high[i] = f.mean()[i] + NormalDistribution.Z90 * f.stddev()[i];
            }
            h.append(new LineChart(f.key(), "time (UTC)", "value", 980, 300).timeAxis()
                    .band("p10-p90", x, low, high, BLUE)
                    .line("forecast", x, f.mean(), BLUE, false)
                    .line("actual", x, f.actual(), "#000000", false).svg()).append('\n');
        }
    }

    private static void data(StringBuilder h, TrainingOutcome o) {
        HistoryStats s = o.stats();
        h.append("<h2>Data</h2><table>");
        kv(h, "source", o.source());
        kv(h, "range", Instant.ofEpochMilli(o.range().from()) + " .. " + Instant.ofEpochMilli(o.range().to()));
        kv(h, "series used", Long.toString(o.series()));
        kv(h, "observations used", Long.toString(o.observations()));
        kv(h, "fingerprint (SHA-256)", o.fingerprint());
        kv(h, "records read", Long.toString(s.records()));
        kv(h, "series seen", (s.seriesSeenExact() ? "" : "about ") + s.seriesSeen());
        kv(h, "points of series not sampled", Long.toString(s.pointsNotSampled()));
        kv(h, "points older than the per-series cap", Long.toString(s.pointsTrimmed()));
        kv(h, "points before --from", Long.toString(s.pointsBeforeFrom()));
        for (Map.Entry<Rejection, Long> e : s.rejected().entrySet()) {
            kv(h, "rejected: " + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                    Long.toString(e.getValue()));
        }
        h.append("</table>\n");
    }

    private static void settings(StringBuilder h, TrainingConfig c, TrainingOutcome o) {
        h.append("<h2>Model and training settings</h2><table>");
        kv(h, "cell", c.cellType() + ", " + c.layers() + " layer(s) of " + c.hiddenSize() + ", " + c.head() + " head");
        kv(h, "horizon / warm-up", c.horizon() + " steps / " + c.warmupSteps() + " points");
        kv(h, "step interval / max gap", Duration.ofMillis(c.stepIntervalMillis()) + " / "
                + Duration.ofMillis(c.maxGapMillis()));
        kv(h, "seasonal periods", c.seasonalPeriodsMillis().length == 0 ? "none"
                : Arrays.stream(c.seasonalPeriodsMillis()).mapToObj(p -> Duration.ofMillis(p).toString())
                .reduce((a, b) -> a + ", " + b).orElse("") + (c.seasonalLags() ? " (with lags)" : ""));
        kv(h, "window / stride / batch", c.window() + " / " + c.stride() + " / " + c.batchSize());
        kv(h, "epochs (patience)", c.maxEpochs() + " (" + c.patience() + ")");
        kv(h, "learning rate", num(c.learningRate()));
        kv(h, "seed / threads", c.seed() + " / " + c.threads());
        kv(h, "snapshot sha256", o.snapshot().sha256());
        kv(h, "signed by", o.snapshot().signingKeyId() == null ? "unsigned" : o.snapshot().signingKeyId());
        TrainingOutcome.Timings t = o.timings();
        kv(h, "time: read / train / evaluate / publish", seconds(t.readMillis()) + " / " + seconds(t.trainMillis())
                + " / " + seconds(t.evaluateMillis()) + " / " + seconds(t.publishMillis()));
        h.append("</table>\n");
    }

    private static void kv(StringBuilder h, String key, String value) {
        h.append("<tr><td>").append(Html.escape(key)).append("</td><td class=\"mono\">").append(Html.escape(value))
                .append("</td></tr>");
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : "&ndash;";
    }

    private static String percent(double f) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * f);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
