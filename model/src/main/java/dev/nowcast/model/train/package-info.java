/** Training: the global forecasting trainer (truncated BPTT over windows, minibatches, Adam, clipping, schedule, early stopping, calibration) and its building blocks. */
package dev.nowcast.model.train;
