package dev.nowcast.model.snapshot;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.snapshot.ModelSnapshot.Architecture;
import dev.nowcast.model.snapshot.ModelSnapshot.Normalisation;
import dev.nowcast.model.snapshot.ModelSnapshot.Tensor;
import dev.nowcast.model.snapshot.ModelSnapshot.TrainingSummary;
import dev.nowcast.model.snapshot.SnapshotException.Reason;
import dev.nowcast.model.testing.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static dev.nowcast.model.testing.Models.HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotCodecTest {
    static final TrainingSummary SUMMARY = new TrainingSummary(Map.of("mae", 1.5), Map.of("naiveMae", 2.0), 1, 2, 3,
            400, "fp", null, null, 1.5, "promote", "{}");

    static ModelSnapshot snapshot(CellType cell, int layers) {
        Forecaster f = Models.forecaster(5, cell, layers, 6, HeadType.GAUSSIAN, Models.pipeline(1, true, 24 * HOUR), 3, 11);
        return SnapshotCodec.encode("sensors", 1_700_000_000_000L, f, SUMMARY);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void roundTripsToAForecasterThatPredictsTheSameBits(CellType cell) throws Exception {
        Forecaster original = Models.forecaster(5, cell, 2, 6, HeadType.GAUSSIAN, Models.pipeline(1, true, 24 * HOUR), 3, 11);
        ModelSnapshot s = SnapshotCodec.encode("sensors", 1_700_000_000_000L, original, SUMMARY);
        int g = cell.gates() * 6;
        assertThat(s.tensors()).extracting(Tensor::name).containsExactly("rnn.weight_ih_l0", "rnn.weight_hh_l0",
                "rnn.bias_ih_l0", "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1",
                "rnn.bias_hh_l1", "head.weight", "head.bias");
        assertThat(s.tensors().get(0).shape()).containsExactly(g, original.network().inputSize());
        assertThat(s.tensors().get(1).shape()).containsExactly(g, 6);
        assertThat(s.tensors().get(8).shape()).containsExactly(2, 6);
        assertThat(s.architecture().cellType()).isEqualTo(cell.name());
        assertThat(s.sha256()).matches("[0-9a-f]{64}").isEqualTo(SnapshotCodec.sha256(s.tensors()));
        Forecaster decoded = SnapshotCodec.decode(s);
        assertThat(decoded.parameters()).isEqualTo(original.parameters());
        assertThat(decoded.version()).isEqualTo(5);
        SeriesState a = original.newState();
        SeriesState b = decoded.newState();
        StepResult ra = new StepResult();
        StepResult rb = new StepResult();
        for (int i = 0; i < 60; i++) {
            original.observe(a, i * HOUR, Math.sin(i), new double[]{i}, ra);
            decoded.observe(b, i * HOUR, Math.sin(i), new double[]{i}, rb);
            assertThat(rb.mean(3)).isEqualTo(ra.mean(3));
        }
        assertThat(SnapshotCodec.encode("sensors", 1_700_000_000_000L, decoded, SUMMARY)).isEqualTo(s);
    }

    @Test
    void weightsAreStoredInPyTorchsRowMajorLayout() {
        Forecaster f = Models.forecaster(1, CellType.GRU, 1, 4, HeadType.POINT, Models.pipeline(0, false), 1, 3);
        ModelSnapshot s = SnapshotCodec.encode("m", 0, f, SUMMARY);
        float[] params = f.parameters();
        int in = f.network().inputSize();
        Tensor wih = s.tensors().get(0);
        ByteBuffer b = ByteBuffer.wrap(wih.data()).order(ByteOrder.LITTLE_ENDIAN);
        // PyTorch element (row 5, column 2) = gate unit 5's weight on input 2; internally input 2's row, column 5.
        assertThat(b.getFloat(4 * (5 * in + 2))).isEqualTo(params[2 * 12 + 5]);
        assertThat(s.architecture().head()).isEqualTo("POINT");
        assertThat(s.tensors().get(4).shape()).containsExactly(1, 4);
    }

    private static ModelSnapshot withArchitecture(ModelSnapshot s, UnaryOperator<Architecture> change) {
        return new ModelSnapshot(s.model(), s.version(), s.createdAt(), change.apply(s.architecture()),
                s.normalisation(), s.tensors(), s.trainingSummary(), s.sha256(), null, null);
    }

    private static ModelSnapshot withTensors(ModelSnapshot s, List<Tensor> tensors, boolean rehash) {
        return new ModelSnapshot(s.model(), s.version(), s.createdAt(), s.architecture(), s.normalisation(), tensors,
                s.trainingSummary(), rehash ? SnapshotCodec.sha256(tensors) : s.sha256(), null, null);
    }

    private static Architecture arch(Architecture a, String cell, int inputFeatures, String head) {
        return new Architecture(cell, a.layers(), a.hiddenSize(), inputFeatures, head, a.horizon(), a.warmupSteps(),
                a.stepIntervalMillis(), a.maxGapMillis(), a.seasonalPeriodsMillis(), a.covariates());
    }

    private static void rejects(ModelSnapshot s, Reason reason, String... fragments) {
        assertThatThrownBy(() -> SnapshotCodec.decode(s)).isInstanceOfSatisfying(SnapshotException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
            }
        });
    }

    @Test
    void rejectsUnknownCellAndHeadTypes() {
        ModelSnapshot s = snapshot(CellType.LSTM, 1);
        Architecture a = s.architecture();
        rejects(withArchitecture(s, x -> arch(x, "TRANSFORMER", a.inputFeatures(), a.head())), Reason.UNKNOWN_CELL,
                "TRANSFORMER");
        rejects(withArchitecture(s, x -> arch(x, a.cellType(), a.inputFeatures(), "STUDENT_T")), Reason.UNKNOWN_HEAD,
                "STUDENT_T");
    }

    @Test
    void rejectsInputFeaturesThatDisagreeWithThePipeline() {
        ModelSnapshot s = snapshot(CellType.GRU, 1);
        rejects(withArchitecture(s, x -> arch(x, x.cellType(), x.inputFeatures() + 1, x.head())), Reason.ARCHITECTURE,
                "inputFeatures", "produces " + s.architecture().inputFeatures());
    }

    @Test
    void aValueAutoregressionRoundTripsToTheSameBitsAndABadWeightIsRejected() throws Exception {
        Forecaster original = Models.forecaster(5, CellType.GRU, 1, 6, HeadType.GAUSSIAN,
                Models.smoothedPipeline(1, 24 * HOUR).withValueAutoregression(
                        new ValueAutoregression(24, new double[] {0.35, -0.1}, 0.25)), 3, 11);
        ModelSnapshot s = SnapshotCodec.encode("sensors", 1_700_000_000_000L, original, SUMMARY);
        assertThat(s.normalisation().parameters()).containsEntry("valueArWeight", 0.25)
                .containsEntry("valueArLag", 24.0).containsEntry("valueAr2", -0.1);
        Forecaster decoded = SnapshotCodec.decode(s);
        assertThat(decoded.pipeline().valueAutoregression()).isEqualTo(original.pipeline().valueAutoregression());
        SeriesState a = original.newState();
        SeriesState b = decoded.newState();
        StepResult ra = new StepResult();
        StepResult rb = new StepResult();
        for (int i = 0; i < 80; i++) {
            original.observe(a, i * HOUR, 10 + Math.sin(i / 3.0), new double[]{i}, ra);
            decoded.observe(b, i * HOUR, 10 + Math.sin(i / 3.0), new double[]{i}, rb);
            assertThat(rb.mean(3)).isEqualTo(ra.mean(3));
            assertThat(rb.mean(1)).isEqualTo(ra.mean(1));
        }
        Map<String, Double> p = new TreeMap<>(s.normalisation().parameters());
        p.put("valueArWeight", 1.0);
        Normalisation n = s.normalisation();
        rejects(new ModelSnapshot(s.model(), s.version(), s.createdAt(), s.architecture(),
                new Normalisation(n.method(), p, n.covariateMean(), n.covariateScale()), s.tensors(),
                s.trainingSummary(), s.sha256(), null, null), Reason.NORMALISATION, "valueArWeight");
    }

    @Test
    void rejectsUnknownNormalisationMethodsAndBadParameters() {
        ModelSnapshot s = snapshot(CellType.GRU, 1);
        Normalisation n = s.normalisation();
        ModelSnapshot unknown = new ModelSnapshot(s.model(), s.version(), s.createdAt(), s.architecture(),
                new Normalisation("zscore-v9", n.parameters(), n.covariateMean(), n.covariateScale()), s.tensors(),
                s.trainingSummary(), s.sha256(), null, null);
        rejects(unknown, Reason.NORMALISATION, "zscore-v9");
        Map<String, Double> p = new TreeMap<>(n.parameters());
        p.remove("scaleFloor");
        ModelSnapshot missing = new ModelSnapshot(s.model(), s.version(), s.createdAt(), s.architecture(),
                new Normalisation(n.method(), p, n.covariateMean(), n.covariateScale()), s.tensors(),
                s.trainingSummary(), s.sha256(), null, null);
        rejects(missing, Reason.NORMALISATION, "scaleFloor");
    }

    @Test
    void rejectsWrongShapesMissingTensorsAndBadByteLengths() {
        ModelSnapshot s = snapshot(CellType.LSTM, 2);
        List<Tensor> t = new ArrayList<>(s.tensors());
        Tensor whh = t.get(5);
        t.set(5, new Tensor(whh.name(), List.of(whh.shape().get(1), whh.shape().get(0)), whh.data()));
        rejects(withTensors(s, t, true), Reason.SHAPE, "rnn.weight_hh_l1", "expected");
        List<Tensor> dropped = new ArrayList<>(s.tensors());
        dropped.remove(9);
        rejects(withTensors(s, dropped, true), Reason.SHAPE, "head.bias");
        List<Tensor> shortData = new ArrayList<>(s.tensors());
        Tensor b = shortData.get(2);
        shortData.set(2, new Tensor(b.name(), b.shape(), new byte[b.data().length - 4]));
        rejects(withTensors(s, shortData, true), Reason.SHAPE, "rnn.bias_ih_l0", "data bytes");
        List<Tensor> renamed = new ArrayList<>(s.tensors());
        renamed.set(3, new Tensor("rnn.bias_hh_l7", renamed.get(3).shape(), renamed.get(3).data()));
        rejects(withTensors(s, renamed, true), Reason.SHAPE, "rnn.bias_hh_l0", "rnn.bias_hh_l7");
    }

    @Test
    void rejectsNonFiniteValuesNamingTheTensorAndElement() {
        ModelSnapshot s = snapshot(CellType.ELMAN_TANH, 1);
        List<Tensor> t = new ArrayList<>(s.tensors());
        Tensor w = t.get(1);
        byte[] data = w.data().clone();
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 7, Float.NaN);
        t.set(1, new Tensor(w.name(), w.shape(), data));
        rejects(withTensors(s, t, true), Reason.NON_FINITE, "rnn.weight_hh_l0", "element 7");
    }

    @Test
    void rejectsChecksumMismatches() {
        ModelSnapshot s = snapshot(CellType.GRU, 1);
        List<Tensor> t = new ArrayList<>(s.tensors());
        Tensor w = t.get(0);
        byte[] data = w.data().clone();
        data[0] ^= 1;
        t.set(0, new Tensor(w.name(), w.shape(), data));
        rejects(withTensors(s, t, false), Reason.CHECKSUM, s.sha256());
    }

    @Test
    void rejectsMissingFields() {
        ModelSnapshot s = snapshot(CellType.GRU, 1);
        rejects(new ModelSnapshot(s.model(), s.version(), s.createdAt(), null, s.normalisation(), s.tensors(),
                s.trainingSummary(), s.sha256(), null, null), Reason.MISSING_FIELD, "architecture");
    }

    @Test
    void sha256CoversNamesShapesAndData() {
        List<Tensor> t = snapshot(CellType.GRU, 1).tensors();
        String base = SnapshotCodec.sha256(t);
        List<Tensor> renamed = new ArrayList<>(t);
        renamed.set(0, new Tensor("rnn.weight_ih_l9", t.get(0).shape(), t.get(0).data()));
        List<Tensor> reshaped = new ArrayList<>(t);
        Tensor h = t.get(t.size() - 2);
        reshaped.set(t.size() - 2, new Tensor(h.name(), List.of(h.shape().get(1), h.shape().get(0)), h.data()));
        assertThat(SnapshotCodec.sha256(renamed)).isNotEqualTo(base);
        assertThat(SnapshotCodec.sha256(reshaped)).isNotEqualTo(base);
        // The canonical form of an empty list is the digest of no bytes.
        assertThat(SnapshotCodec.sha256(List.of()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }
}
