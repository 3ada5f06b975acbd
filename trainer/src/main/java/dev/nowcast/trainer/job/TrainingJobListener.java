package dev.nowcast.trainer.job;

import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.train.EpochProgress;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;
import dev.nowcast.trainer.history.History;
import dev.nowcast.trainer.publish.PublishedModel;
import dev.nowcast.trainer.publish.WeightsTopic;

/**
 * Follows a {@link TrainingJob} through its phases, on the job's thread (keep it quick). Every method does
 * nothing by default.
 */
public interface TrainingJobListener {
    /** A listener that ignores everything. */
    TrainingJobListener NONE = new TrainingJobListener() { };

    /** While the history is read: records so far and the share done (NaN when unknown). */
    default void onReadProgress(long records, double fraction) {
    }

    /** The history was read; {@code config} is the resolved training configuration. */
    default void onHistory(History history, TrainingConfig config) {
    }

    /** What the weights topic (or champion file) holds for the model. */
    default void onPublished(PublishedModel published) {
    }

    /** An epoch ended. */
    default void onEpoch(EpochProgress progress) {
    }

    /**
     * The challenger (and champion, or null) were scored on the held-out split, with the seasonal-naive
     * baseline's season of {@code seasonSteps} steps (0: none).
     */
    /** Training ended: what was chosen (smoothing, windows, the network's share) is in {@code result}. */
    default void onTrained(TrainingResult result) {
    }

    default void onEvaluated(EvaluationReport challenger, EvaluationReport champion, int seasonSteps) {
    }

    /** The champion/challenger decision. */
    default void onDecision(Decision decision) {
    }

    /** The snapshot was published. */
    default void onPublication(WeightsTopic.Publication publication) {
    }

    /** Something the operator should know that does not stop the job. */
    default void onWarning(String message) {
    }
}
