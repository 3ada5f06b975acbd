package dev.nowcast.trainer.job;

import java.nio.file.Path;
import java.util.List;

import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.train.CorrectionEvidence;
import dev.nowcast.model.train.EpochProgress;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;
import dev.nowcast.trainer.history.DataRange;
import dev.nowcast.trainer.history.History;
import dev.nowcast.trainer.history.HistoryStats;
import dev.nowcast.trainer.publish.PublishedModel;
import dev.nowcast.trainer.publish.WeightsTopic;

/**
 * Everything a training run did and found, phase by phase: what the reports show and what the command prints.
 *
 * @param data     what was read
 * @param setup    how it was trained and scored
 * @param training how training went
 * @param scores   the held-out scores and the decision
 * @param delivery the snapshot and where it went
 * @param warnings what the operator should know
 */
public record TrainingOutcome(Data data, Setup setup, Training training, Scores scores, Delivery delivery,
                              Timings timings, List<String> warnings) {
    public TrainingOutcome {
        warnings = List.copyOf(warnings);
    }

    /**
     * What was read.
     *
     * @param source where the history came from
     */
    public record Data(String source, HistoryStats stats, DataRange range, String fingerprint, int series,
                       long observations) {
        static Data of(String source, History history) {
            return new Data(source, history.stats(), history.range(), history.fingerprint(), history.series().size(),
                    history.observations());
        }
    }

    /**
     * How the model was trained and scored.
     *
     * @param config          the resolved training configuration (time grid included)
     * @param holdoutFraction the held-out share of each series the evaluation scores
     * @param seasonSteps     the seasonal-naive baseline's season, in steps (0: none)
     */
    public record Setup(TrainingConfig config, double holdoutFraction, int seasonSteps) {
    }

    /**
     * The held-out scores and what they decided.
     *
     * @param challenger the challenger's scores on the held-out split
     * @param champion   the champion's scores on the same split, or null when there is none or it could not be
     *                   scored
     * @param forecasts  held-out one-step forecasts of a few series, for plots
     */
    public record Scores(EvaluationReport challenger, EvaluationReport champion, Decision decision,
                         List<SeriesForecast> forecasts) {
        public Scores {
            forecasts = List.copyOf(forecasts);
        }
    }

    /**
     * The snapshot and where it went.
     *
     * @param snapshot     the challenger, with its version (signed when a key was given); published only if
     *                     the decision says so
     * @param skipped      published snapshots of the model that do not load
     * @param publication  where the snapshot was published, or null
     * @param snapshotFile where the snapshot was written, or null
     */
    public record Delivery(ModelSnapshot snapshot, List<PublishedModel.Skipped> skipped,
                           WeightsTopic.Publication publication, Path snapshotFile) {
        public Delivery {
            skipped = List.copyOf(skipped);
        }
    }

    /** The model name. */
    public String model() {
        return delivery.snapshot().model();
    }

    public ModelSnapshot snapshot() {
        return delivery.snapshot();
    }

    public Decision decision() {
        return scores.decision();
    }

    public String source() {
        return data.source();
    }

    public HistoryStats stats() {
        return data.stats();
    }

    public DataRange range() {
        return data.range();
    }

    public String fingerprint() {
        return data.fingerprint();
    }

    public int series() {
        return data.series();
    }

    public long observations() {
        return data.observations();
    }

    public TrainingConfig config() {
        return setup.config();
    }

    public double holdoutFraction() {
        return setup.holdoutFraction();
    }

    public int seasonSteps() {
        return setup.seasonSteps();
    }

    public EvaluationReport challenger() {
        return scores.challenger();
    }

    /** The champion's version, or null when there is none. */
    public Long championVersion() {
        return scores.decision().championVersion();
    }

    public EvaluationReport champion() {
        return scores.champion();
    }

    public List<SeriesForecast> forecasts() {
        return scores.forecasts();
    }

    public List<PublishedModel.Skipped> skipped() {
        return delivery.skipped();
    }

    public WeightsTopic.Publication publication() {
        return delivery.publication();
    }

    public Path snapshotFile() {
        return delivery.snapshotFile();
    }

    /** Whether the snapshot went to the weights topic. */
    public boolean published() {
        return delivery.publication() != null;
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
     * @param correction        what the validation part said about the network's correction
     */
    public record Training(int epochs, int bestEpoch, double bestValidationMae, boolean cancelled,
                           List<EpochProgress> curve, double meanScale, double stddevScale,
                           CorrectionEvidence correction) {
        public Training {
            curve = List.copyOf(curve);
        }

        static Training of(TrainingResult r) {
            return new Training(r.epochs(), r.bestEpoch(), r.bestValidationMae(), r.cancelled(), r.history(),
                    r.pipeline().meanScale(), r.pipeline().stddevScale(), r.correction());
        }
    }

    /** Wall time of each phase, in milliseconds. */
    public record Timings(long readMillis, long trainMillis, long evaluateMillis, long publishMillis,
                          long totalMillis) {
    }
}
