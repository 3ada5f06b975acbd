package dev.nowcast.stream.topology;

import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;

/**
 * What the processor computes for an admitted observation of a series whose model is in service: update the
 * state and fill the result it forwards. In production that is the model ({@link #FORECASTER}); the end-to-end
 * benchmark substitutes its floor, everything but the model, to measure what the pipeline itself costs.
 */
@FunctionalInterface
public interface SeriesStep {

    /** {@link Forecaster#observe}: the model's step, the same code the offline evaluator runs. */
    SeriesStep FORECASTER = Forecaster::observe;

    /**
     * Updates {@code state} with the point and fills {@code result}, whose outcome says whether it was accepted.
     *
     * @param covariates exactly as many as the model takes (the guard checked the count)
     */
    void observe(Forecaster forecaster, SeriesState state, long timestamp, double value, double[] covariates,
                 StepResult result);
}
