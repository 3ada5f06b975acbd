package dev.nowcast.trainer.job;

import java.nio.file.Path;
import java.util.List;

import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.train.EpochProgress;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.trainer.history.DataRange;
import dev.nowcast.trainer.history.HistoryStats;
import dev.nowcast.trainer.publish.PublishedModel;
import dev.nowcast.trainer.publish.WeightsTopic;

/**
 * Everything a training run did and found: what the reports show and what the command prints.
 *
 * @param snapshot        the challenger, with its version (signed when a key was given); published only if
 *                        {@code decision.publish()}
 * @param source          where the history came from
 * @param config          the resolved training configuration (time grid included)
 * @param holdoutFraction the held-out share of each series the evaluation scores
 * @param seasonSteps     the seasonal-naive baseline's season, in steps (0: none)
 * @param training        how training went
 * @param challenger      the challenger's scores on the held-out split
 * @param championVersion the champion's version, or null when there is none
 * @param champion        the champion's scores on the same split, or null when there is none or it could not
 *                        be scored
 * @param skipped         published snapshots of the model that do not load
 * @param publication     where the snapshot was published, or null
 * @param snapshotFile    where the snapshot was written, or null
 * @param forecasts       held-out one-step forecasts of a few series, for plots
 * @param warnings        what the operator should know
 */
public record TrainingOutcome(ModelSnapshot snapshot, Decision decision, String source, HistoryStats stats,
                              DataRange range, String fingerprint, int series, long observations,
                              TrainingConfig config, double holdoutFraction, int seasonSteps, Training training,
                              EvaluationReport challenger, Long championVersion, EvaluationReport champion,
                              List<PublishedModel.Skipped> skipped, WeightsTopic.Publication publication,
                              Path snapshotFile, Timings timings, List<SeriesForecast> forecasts,
                              List<String> warnings) {
    public TrainingOutcome {
        skipped = List.copyOf(skipped);
        forecasts = List.copyOf(forecasts);
        warnings = List.copyOf(warnings);
    }

    /** The model name. */
    public String model() {
        return snapshot.model();
    }

    /** Whether the snapshot went to the weights topic. */
    public boolean published() {
        return publication != null;
    }

    /**
     * How training went.
     *
     * @param epochs            epochs run
     * @param bestEpoch         the epoch whose weights were kept
     * @param bestValidationMae their early-stopping validation MAE (on the end of the training part)
     * @param cancelled         whether training was stopped early by the operator
     * @param curve             per-epoch progress
     * @param meanScale         the fitted shrinkage of the predicted change (0: naive forecast)
     * @param stddevScale       the fitted interval calibration multiplier
     */
    public record Training(int epochs, int bestEpoch, double bestValidationMae, boolean cancelled,
                           List<EpochProgress> curve, double meanScale, double stddevScale) {
        public Training {
            curve = List.copyOf(curve);
        }
    }

    /** Wall time of each phase, in milliseconds. */
    public record Timings(long readMillis, long trainMillis, long evaluateMillis, long publishMillis,
                          long totalMillis) {
    }
}
