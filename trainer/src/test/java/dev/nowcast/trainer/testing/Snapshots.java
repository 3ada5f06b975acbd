package dev.nowcast.trainer.testing;

import java.util.List;
import java.util.Map;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;

/** Small, quickly trained snapshots for tests. */
public final class Snapshots {
    private Snapshots() {
    }

    /** A tiny GRU snapshot of {@code model} at {@code version}, trained for one epoch on sine waves. */
    public static ModelSnapshot tiny(String model, long version) {
        List<Series> series = List.of(
                TestData.series("s0", 1_000_000L, 60_000L, 300, i -> Math.sin(i / 5.0)),
                TestData.series("s1", 1_000_000L, 60_000L, 300, i -> 10 + Math.sin(i / 5.0)));
        TrainingConfig config = TrainingConfig.builder().optimizerSteps(0).cellType(CellType.GRU).hiddenSize(4).stepIntervalMillis(60_000)
                .maxGapMillis(600_000).warmupSteps(8).window(16).batchSize(8).chunkSize(8).maxEpochs(1).seed(7)
                .threads(1).build();
        return SnapshotCodec.encode(model, 1_700_000_000_000L, new ForecastTrainer(config).train(series)
                .forecaster(version), new ModelSnapshot.TrainingSummary(Map.of("mae", 0.5), Map.of("naive.mae", 0.6),
                1_000_000L, 2_000_000L, 2, 600, "fingerprint", null, null, null, "accepted: no champion", "{}"));
    }
}
