package dev.nowcast.stream.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;

/** Small, quickly trained models on synthetic series, for the stream app's tests. */
public final class TestModels {

    /** One minute between points. */
    public static final long STEP = 60_000L;
    /** 2001-01-01T00:00:00Z: tests replay historic event times, like the shipped data. */
    public static final long START = 978_307_200_000L;
    public static final int WARMUP = 8;

    private static final Map<String, TrainingResult> TRAINED = new ConcurrentHashMap<>();

    private TestModels() {
    }

    /** {@code keys} noisy sine waves of {@code points} points, one minute apart, from {@link #START}. */
    public static List<Series> sines(int keys, int points, long seed) {
        Random random = new Random(seed);
        List<Series> series = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            long[] ts = new long[points];
            double[] values = new double[points];
            for (int i = 0; i < points; i++) {
                ts[i] = START + i * STEP;
                values[i] = 20 + 5 * k + 3 * Math.sin(i / 6.0 + k) + 0.2 * random.nextGaussian();
            }
            series.add(new Series("s" + k, ts, values));
        }
        return series;
    }

    /** A snapshot of a small model of {@code cell} trained on {@link #sines}, stamped {@code model} v{@code version}. */
    public static ModelSnapshot snapshot(String model, long version, CellType cell, int horizon) {
        TrainingResult trained = TRAINED.computeIfAbsent(cell + "/" + horizon, k -> train(cell, horizon));
        return SnapshotCodec.encode(model, START, trained.forecaster(version), new ModelSnapshot.TrainingSummary(
                Map.of("mae", trained.bestValidationMae()), Map.of(), trained.dataFrom(), trained.dataTo(), 4,
                trained.observations(), "test", null, null, null, "published", "{}"));
    }

    public static ModelSnapshot snapshot(String model, long version) {
        return snapshot(model, version, CellType.GRU, 1);
    }

    /** {@code s} claiming the checksum {@code sha} (its tensors unchanged), unsigned. */
    public static ModelSnapshot withSha(ModelSnapshot s, String sha) {
        return new ModelSnapshot(s.model(), s.version(), s.createdAt(), s.architecture(), s.normalisation(), s.tensors(),
                s.trainingSummary(), sha, null, null);
    }

    /** {@code s} with the first weight of its first tensor set to {@code value} (checksum updated), unsigned. */
    public static ModelSnapshot withTensorValue(ModelSnapshot s, float value) {
        List<ModelSnapshot.Tensor> tensors = new ArrayList<>(s.tensors());
        ModelSnapshot.Tensor t = tensors.get(0);
        byte[] data = t.data().clone();
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, value);
        tensors.set(0, new ModelSnapshot.Tensor(t.name(), t.shape(), data));
        return withTensors(s, tensors);
    }

    /** {@code s} whose first tensor claims twice its rows (checksum updated), unsigned. */
    public static ModelSnapshot withFirstTensorShape(ModelSnapshot s) {
        List<ModelSnapshot.Tensor> tensors = new ArrayList<>(s.tensors());
        ModelSnapshot.Tensor t = tensors.get(0);
        List<Integer> shape = new ArrayList<>(t.shape());
        shape.set(0, shape.get(0) * 2);
        tensors.set(0, new ModelSnapshot.Tensor(t.name(), shape, t.data()));
        return withTensors(s, tensors);
    }

    /** {@code s} with the cell type symbol {@code cellType}, unsigned. */
    public static ModelSnapshot withCellType(ModelSnapshot s, String cellType) {
        ModelSnapshot.Architecture a = s.architecture();
        return new ModelSnapshot(s.model(), s.version(), s.createdAt(), new ModelSnapshot.Architecture(cellType,
                a.layers(), a.hiddenSize(), a.inputFeatures(), a.head(), a.horizon(), a.warmupSteps(),
                a.stepIntervalMillis(), a.maxGapMillis(), a.seasonalPeriodsMillis(), a.covariates()),
                s.normalisation(), s.tensors(), s.trainingSummary(), s.sha256(), null, null);
    }

    private static ModelSnapshot withTensors(ModelSnapshot s, List<ModelSnapshot.Tensor> tensors) {
        return new ModelSnapshot(s.model(), s.version(), s.createdAt(), s.architecture(), s.normalisation(), tensors,
                s.trainingSummary(), SnapshotCodec.sha256(tensors), null, null);
    }

    public static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrainingResult train(CellType cell, int horizon) {
        TrainingConfig config = TrainingConfig.builder().optimizerSteps(0).cellType(cell).hiddenSize(6).head(HeadType.GAUSSIAN)
                .horizon(horizon).stepIntervalMillis(STEP).maxGapMillis(30 * STEP).warmupSteps(WARMUP).window(16)
                .batchSize(16).chunkSize(16).maxEpochs(2).seed(11).threads(1).build();
        return new ForecastTrainer(config).train(sines(4, 400, 3));
    }
}
