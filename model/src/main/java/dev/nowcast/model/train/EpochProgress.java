package dev.nowcast.model.train;

/**
 * Progress after one training epoch.
 *
 * @param epoch          1-based epoch just finished
 * @param maxEpochs      the configured maximum
 * @param trainLoss      mean training loss per target over the epoch (Gaussian NLL or squared error, scaled units)
 * @param validationMae  one-step MAE on the validation part (value units), streamed through the forecaster
 * @param bestValidationMae best so far
 * @param bestEpoch      epoch of the best so far
 * @param learningRate   the rate at the end of the epoch
 * @param elapsedMillis  since training started
 * @param etaMillis      estimate of the time left if no early stop happens
 */
public record EpochProgress(int epoch, int maxEpochs, double trainLoss, double validationMae, double bestValidationMae,
                            int bestEpoch, double learningRate, long elapsedMillis, long etaMillis) {
}
