package dev.nowcast.model.forecast;

import dev.nowcast.model.cell.CellScratch;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.network.RecurrentNetwork;

/**
 * One thread's working memory for {@link Forecaster#observe}: sized on first use for a model's shape, then
 * reused, so that a step allocates nothing. None of it is part of the result a caller reads.
 */
final class StepBuffers {
    float[] features = new float[0];
    CellScratch cell;
    /** The network {@link #cell} was made for; a swap to another shape makes a new one. */
    RecurrentNetwork cellNetwork;
    float[] headOut = new float[0];
    float[][] rollout = new float[0][];
    double[] covariates = new double[0];
    long[] replayTimestamps = new long[0];
    float[] replayValues = new float[0];
    float[] replayCovariates = new float[0];
    /** The rollout's shrunk scaled corrections, one per horizon. */
    double[] corrections = new double[0];
    /** The rollout's one-step variances, one per horizon. */
    double[] variances = new double[0];
    /** The error autoregression's expected scaled errors, one per horizon, and its recursion's working space. */
    double[] arPath = new double[0];
    double[] arScratch = new double[0];
    /** The value autoregression's inputs (the last ring values, oldest first) then forecasts, and its path. */
    double[] valueLags = new double[0];
    double[] valuePath = new double[0];
    /** The smoothing state kept across a model swap. */
    double[] keptStatistics = new double[0];
    float[] keptSeasonal = new float[0];
    /** What the buffers were last fitted for, with {@link #cellNetwork}: the same again needs no look at them. */
    private FeaturePipeline fittedPipeline;
    private int fittedHorizon;
    private int fittedRingCapacity;

    /** Resizes what a model of this shape needs; a no-op when the last call was for the same shape. */
    void fit(RecurrentNetwork net, FeaturePipeline pipeline, int horizon, int ringCapacity) {
        // Every event asks; reading a dozen array lengths touches a dozen cache lines, cold between two events.
        if (net == cellNetwork && pipeline == fittedPipeline && horizon == fittedHorizon
                && ringCapacity <= fittedRingCapacity) {
            return;
        }
        int f = pipeline.featureCount();
        int c = pipeline.covariates();
        if (features.length != f) {
            features = new float[f];
        }
        if (cellNetwork != net) {
            cell = net.newScratch();
            cellNetwork = net;
        }
        if (headOut.length != net.head().outputSize()) {
            headOut = new float[net.head().outputSize()];
        }
        if (rollout.length != net.layers() || rollout[0].length != net.stateSize()) {
            rollout = new float[net.layers()][net.stateSize()];
        }
        if (covariates.length != c) {
            covariates = new double[c];
        }
        if (replayTimestamps.length < ringCapacity || replayCovariates.length < ringCapacity * c) {
            replayTimestamps = new long[ringCapacity];
            replayValues = new float[ringCapacity];
            replayCovariates = new float[ringCapacity * c];
        }
        if (keptStatistics.length != FeaturePipeline.STATISTICS) {
            keptStatistics = new double[FeaturePipeline.STATISTICS];
        }
        if (keptSeasonal.length != pipeline.seasonalLength()) {
            keptSeasonal = new float[pipeline.seasonalLength()];
        }
        if (corrections.length != horizon) {
            corrections = new double[horizon];
            variances = new double[horizon];
            arPath = new double[horizon];
            arScratch = new double[ErrorAutoregression.MAX_ORDER + horizon];
        }
        int lags = pipeline.valueAutoregression().span() + horizon;
        if (valueLags.length != lags || valuePath.length != horizon) {
            valueLags = new double[lags];
            valuePath = new double[horizon];
        }
        fittedPipeline = pipeline;
        fittedHorizon = horizon;
        fittedRingCapacity = replayTimestamps.length;
    }
}
