package dev.nowcast.bench.e2e;

import java.util.Map;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;

/**
 * The benchmark's model: {@code nowcast train}'s defaults for hourly data (Gaussian head, warm-up 48, exponential
 * smoothing chosen among a day and a week of seasons, no seasonal phase or lag features, so the ring stays at the
 * app's 48 points) with the scenario's cell, hidden size and horizon, fitted for one short epoch on a little
 * synthetic history. The weights' values do not change what a step costs, only their shapes do; the smoothing's
 * seasons add 4 bytes a step to every state (a daily season on the synthetic series' daily cycle).
 */
public final class BenchmarkModel {

    /** The model name: the app's store is {@code series-bench}. */
    public static final String NAME = "bench";

    private BenchmarkModel() {
    }

    public static ModelSnapshot train(CellType cell, int hiddenSize, int horizon) {
        TrainingConfig config = TrainingConfig.builder().optimizerSteps(0).cellType(cell).hiddenSize(hiddenSize).horizon(horizon)
                .stepIntervalMillis(SyntheticSeries.STEP_MILLIS).maxGapMillis(24 * SyntheticSeries.STEP_MILLIS)
                .seasonCandidates(24, 168)
                .maxEpochs(1).maxWindowsPerEpoch(64).threads(1).build();
        TrainingResult trained = new ForecastTrainer(config).train(SyntheticSeries.history(4, 400));
        return SnapshotCodec.encode(NAME, SyntheticSeries.START_MILLIS, trained.forecaster(1),
                new ModelSnapshot.TrainingSummary(Map.of("mae", trained.bestValidationMae()), Map.of(),
                        trained.dataFrom(), trained.dataTo(), 4, trained.observations(), "synthetic", null, null, null,
                        "published", "{}"));
    }
}
