package dev.nowcast.model.train;

/** Receives training progress (on the training thread; keep it quick). */
@FunctionalInterface
public interface TrainingListener {
    /** Called after each epoch's validation. */
    void onEpoch(EpochProgress progress);

    /** A listener that ignores everything. */
    TrainingListener NONE = p -> { };
}
