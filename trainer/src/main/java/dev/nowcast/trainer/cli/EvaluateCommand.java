package dev.nowcast.trainer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nowcast.trainer.job.TrainingJob;
import dev.nowcast.config.CommandErrors;
import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.PemKeys;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.trainer.job.TimeGrid;
import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.publish.SnapshotFiles;
import dev.nowcast.trainer.report.EvaluationJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nowcast evaluate}: scores a snapshot file on a CSV exactly as the stream app would run it: each series
 * streamed from its first point through {@link Forecaster#observe}, the state warming up on the first part and
 * one-step (and h-step) forecasts scored on the last part.
 */
@Command(name = "evaluate", sortOptions = false, showDefaultValues = true,
        usageHelpAutoWidth = true,
        description = {
            "Scores a weight snapshot on a CSV in the long format key,timestamp,value[,covariates...]: every series "
                    + "is streamed through the same per-event code as the stream app, the state warming up on the "
                    + "first part and forecasts scored on the last --split of each series. Prints MAE, RMSE, MASE, "
                    + "p10-p90 coverage and the naive and seasonal-naive baselines, overall and per horizon step.",
            ""},
        footer = {"", "Exit codes: 0 done, 1 runtime failure (unreadable or invalid snapshot or CSV), 2 usage error."})
public final class EvaluateCommand extends TrainerCommand {

    @Option(names = "--snapshot", required = true, paramLabel = "FILE",
            description = "Snapshot file (as train --out writes it).")
    Path snapshot;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The data to score on.")
    Path csv;

    @Option(names = "--split", paramLabel = "FRACTION", defaultValue = "" + TrainingJob.DEFAULT_HOLDOUT_FRACTION,
            description = "Scored last part of each series; the state warms up on the rest.")
    double split;

    @Option(names = "--season", paramLabel = "STEPS", defaultValue = Converters.AUTO,
            converter = Converters.AutoCount.class,
            description = "Season of the seasonal-naive baseline in steps (0: none); auto: the snapshot's shortest "
                    + "seasonal period.")
    Integer season;

    @Option(names = "--verification-key", paramLabel = "FILE",
            description = "Ed25519 public key (PEM): refuse the snapshot unless its signature verifies.")
    Path verificationKey;

    @Option(names = "--threads", paramLabel = "N", description = "Evaluation threads. Default: one per core.")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object instead of tables.")
    boolean json;

    @Option(names = "--allow-step-mismatch",
            description = "Score even when the data's step differs from the snapshot's (a warning says so; the "
                    + "per-horizon table then counts no point, since no forecast's target time is a point's).")
    boolean allowStepMismatch;

    @Override
    int execute() throws Exception {
        if (!(split > 0 && split < 1)) {
            throw new UsageException("--split must be in (0, 1), got " + split);
        }
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be >= 1, got " + threads);
        }
        for (Path file : new Path[] {snapshot, csv, verificationKey}) {
            if (file != null && !Files.isReadable(file)) {
                throw new UsageException(file + ": no such readable file");
            }
        }
        ModelSnapshot s = SnapshotFiles.read(snapshot);
        Forecaster forecaster = verificationKey == null ? SnapshotCodec.decode(s)
                : SnapshotCodec.decode(s, PemKeys.readPublicKey(verificationKey));
        // Key order, as a training run holds its history: scores are sums over every series, and summing in the
        // same order makes evaluate reproduce a snapshot's recorded held-out scores to the bit.
        List<Series> series = LongCsvReader.readSeries(csv).stream().sorted(Comparator.comparing(Series::key))
                .toList();
        int covariates = forecaster.pipeline().covariates();
        for (Series x : series) {
            if (x.covariateCount() != covariates) {
                throw new IllegalArgumentException(csv + " has " + x.covariateCount() + " covariate column(s); "
                        + s.model() + " v" + s.version() + " expects " + covariates);
            }
        }
        checkStep(s, series);
        int seasonSteps = season != null ? season : shortestSeason(s);
        EvaluationReport report = new OfflineEvaluator(forecaster).withTestFraction(split)
                .withSeasonSteps(seasonSteps)
                .withThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors())
                .evaluate(series);
        if (json) {
            ObjectNode n = TrainingDetails.JSON.createObjectNode();
            n.put("model", s.model());
            n.put("version", s.version());
            n.put("sha256", s.sha256());
            n.put("signingKeyId", s.signingKeyId());
            n.put("csv", csv.toString());
            n.setAll(EvaluationJson.of(report, seasonSteps, split));
            out().println(TrainingDetails.JSON.writeValueAsString(n));
        } else {
            out().printf(Locale.ROOT, "%s v%d (created %s, sha256 %s%s) on %s:%n", s.model(), s.version(),
                    Instant.ofEpochMilli(s.createdAt()), s.sha256().substring(0, 12),
                    s.signingKeyId() == null ? ", unsigned" : ", signed by " + s.signingKeyId(), csv);
            out().printf(Locale.ROOT, "%d series, %,d points, %,d scored one step ahead on the last %.0f%% of each%n",
                    report.series(), report.points(), report.scored(), 100 * split);
            EvaluationTable.print(out(), "model", report, null, null, seasonSteps);
            out().println();
            EvaluationTable.printHorizons(out(), report);
        }
        out().flush();
        return OK;
    }

    /**
     * Refuses (or, with {@code --allow-step-mismatch}, warns about) data whose step is not the snapshot's: the
     * one-step scores would still count every next point while the horizons would match none.
     */
    private void checkStep(ModelSnapshot s, List<Series> series) throws UsageException {
        long modelStep = s.architecture().stepIntervalMillis();
        long dataStep = TimeGrid.medianStep(series);
        // The evaluator matches a forecast to a point within a quarter step of its target time.
        if (Math.abs(dataStep - modelStep) * 4 <= modelStep) {
            return;
        }
        String mismatch = csv + " has a step of " + DurationText.compact(Duration.ofMillis(dataStep))
                + " (the median interval between its points), but " + s.model() + " v" + s.version()
                + " forecasts steps of " + DurationText.compact(Duration.ofMillis(modelStep));
        if (!allowStepMismatch) {
            throw new UsageException(mismatch + ": evaluate it on data of its step, or pass --allow-step-mismatch");
        }
        err().println(CommandErrors.warning(spec.qualifiedName(), mismatch + "; the one-step scores compare each forecast with the next point, and the per-horizon table "
                + "counts no point"));
    }

    private static int shortestSeason(ModelSnapshot s) {
        long step = s.architecture().stepIntervalMillis();
        return (int) (s.architecture().seasonalPeriodsMillis().stream().mapToLong(Long::longValue).min().orElse(0)
                / step);
    }
}
