package dev.nowcast.bench.e2e;

import java.util.Arrays;

import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.Outcome;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.stream.topology.SeriesStep;

/**
 * The end-to-end benchmark's floor: every per-event step of the processor but the model's (features, network,
 * rollout). The state keeps the model's shape, so that the store gets and puts states of the same size, and the
 * processor forwards a naive forecast of the model's horizon, so that the output records are of the same size:
 * what remains is what the pipeline itself costs.
 */
public final class FloorStep implements SeriesStep {

    @Override
    public void observe(Forecaster forecaster, SeriesState state, long timestamp, double value, double[] covariates,
                        StepResult result) {
        forecaster.shape(state);
        // Statistics the store writes as the model's would (the codec leaves trailing zeros out).
        Arrays.fill(state.statistics(), 0, forecaster.pipeline().statisticsInUse(), 1.0);
        Outcome outcome = Forecaster.observeWithoutModel(state, timestamp, value, covariates);
        if (outcome == Outcome.ACCEPTED) {
            state.setForecast(true, 0f, 0f);
        }
        result.setNaive(outcome, timestamp, value, forecaster.horizon(), forecaster.pipeline().stepMillis());
    }
}
