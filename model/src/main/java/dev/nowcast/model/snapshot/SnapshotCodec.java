package dev.nowcast.model.snapshot;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.PipelineParameters;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.head.GaussianHead;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.network.ParameterSpec;
import dev.nowcast.model.network.RecurrentNetwork;
import dev.nowcast.model.snapshot.ModelSnapshot.Architecture;
import dev.nowcast.model.snapshot.ModelSnapshot.Normalisation;
import dev.nowcast.model.snapshot.ModelSnapshot.Tensor;
import dev.nowcast.model.snapshot.ModelSnapshot.TrainingSummary;
import dev.nowcast.model.snapshot.SnapshotException.Reason;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Converts between {@link ModelSnapshot} and a ready {@link Forecaster}.
 *
 * <p>Tensors carry PyTorch's state_dict names and shapes ({@code rnn.weight_ih_l0 [G*H, in]},
 * {@code rnn.weight_hh_l0 [G*H, H]}, {@code rnn.bias_ih_l0 [G*H]}, {@code rnn.bias_hh_l0 [G*H]}, then
 * {@code _l1} ..., {@code head.weight [outputs, H]}, {@code head.bias [outputs]}; G = 1/3/4 for Elman/GRU/LSTM,
 * gate order i,f,g,o and r,z,n), row-major float32 little-endian. The forecaster keeps the recurrent weights
 * transposed for speed (see {@code Cell}); the codec converts both ways.
 *
 * <p>{@link #decode} validates everything before building: required fields, cell and head symbols, the
 * architecture's ranges, the pipeline's method and parameters, that {@code inputFeatures} equals the pipeline's
 * feature count, every tensor's presence, order, shape and byte length, finiteness of every value, and the
 * checksum; with a public key, also the signature. Failures are {@link SnapshotException}s whose
 * {@link SnapshotException.Reason} says what and whose message says which field or tensor.
 */
public final class SnapshotCodec {
    private SnapshotCodec() {
    }

    /**
     * An unsigned snapshot of {@code forecaster} (its version, weights, pipeline and settings).
     *
     * @param createdAt epoch milliseconds
     * @param summary   the trainer's report, stored as is
     */
    public static ModelSnapshot encode(String model, long createdAt, Forecaster forecaster, TrainingSummary summary) {
        RecurrentNetwork net = forecaster.network();
        FeaturePipeline p = forecaster.pipeline();
        float[] params = forecaster.parameters();
        List<Tensor> tensors = new ArrayList<>();
        for (ParameterSpec spec : net.parameters()) {
            float[] data = new float[spec.size()];
            spec.export(params, data);
            ByteBuffer b = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(data);
            List<Integer> shape = new ArrayList<>();
            for (int d : spec.shape()) {
                shape.add(d);
            }
            tensors.add(new Tensor(spec.name(), shape, b.array()));
        }
        List<Long> periods = new ArrayList<>();
        for (long period : p.periodsMillis()) {
            periods.add(period);
        }
        String head = net.head() instanceof GaussianHead ? HeadType.GAUSSIAN.name() : HeadType.POINT.name();
        Architecture arch = new Architecture(net.cellType().name(), net.layers(), net.hiddenSize(), net.inputSize(),
                head, forecaster.horizon(), forecaster.warmupSteps(), p.stepMillis(), forecaster.maxGapMillis(),
                periods, p.covariates());
        Normalisation norm = new Normalisation(p.method(), p.parameters().toMap(), boxed(p.covariateMean()),
                boxed(p.covariateScale()));
        return new ModelSnapshot(model, forecaster.version(), createdAt, arch, norm, tensors, summary,
                sha256(tensors), null, null);
    }

    private static List<Double> boxed(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double v : a) {
            l.add(v);
        }
        return l;
    }

    /** Validates {@code snapshot} (not its signature) and builds its forecaster. */
    public static Forecaster decode(ModelSnapshot snapshot) throws SnapshotException {
        require(snapshot != null, "snapshot");
        require(snapshot.model() != null && !snapshot.model().isEmpty(), "model");
        Architecture a = snapshot.architecture();
        Normalisation n = snapshot.normalisation();
        require(a != null, "architecture");
        require(n != null, "normalisation");
        require(snapshot.tensors() != null, "tensors");
        require(snapshot.sha256() != null, "sha256");
        require(a.cellType() != null, "architecture.cellType");
        require(a.head() != null, "architecture.head");
        require(a.seasonalPeriodsMillis() != null, "architecture.seasonalPeriodsMillis");
        require(n.method() != null, "normalisation.method");
        require(n.parameters() != null, "normalisation.parameters");
        require(n.covariateMean() != null, "normalisation.covariateMean");
        require(n.covariateScale() != null, "normalisation.covariateScale");
        CellType cell = CellType.fromSymbol(a.cellType());
        if (cell == null) {
            throw new SnapshotException(Reason.UNKNOWN_CELL, "architecture.cellType '" + a.cellType()
                    + "' is not one of ELMAN_TANH, ELMAN_RELU, GRU, LSTM");
        }
        HeadType headType = HeadType.fromSymbol(a.head());
        if (headType == null) {
            throw new SnapshotException(Reason.UNKNOWN_HEAD, "architecture.head '" + a.head()
                    + "' is not one of GAUSSIAN, POINT");
        }
        positive(a.layers(), "architecture.layers");
        positive(a.hiddenSize(), "architecture.hiddenSize");
        positive(a.inputFeatures(), "architecture.inputFeatures");
        positive(a.horizon(), "architecture.horizon");
        if (a.warmupSteps() < 0) {
            throw new SnapshotException(Reason.ARCHITECTURE, "architecture.warmupSteps must be >= 0, got "
                    + a.warmupSteps());
        }
        if (a.covariates() != n.covariateMean().size()) {
            throw new SnapshotException(Reason.ARCHITECTURE, "architecture.covariates = " + a.covariates()
                    + " but normalisation.covariateMean has " + n.covariateMean().size() + " entries");
        }
        if (a.maxGapMillis() < a.stepIntervalMillis()) {
            throw new SnapshotException(Reason.ARCHITECTURE, "architecture.maxGapMillis " + a.maxGapMillis()
                    + " is shorter than stepIntervalMillis " + a.stepIntervalMillis());
        }
        FeaturePipeline pipeline;
        try {
            long[] periods = a.seasonalPeriodsMillis().stream().mapToLong(Long::longValue).toArray();
            // The snapshot's map of names to numbers becomes typed here, and only here.
            pipeline = FeaturePipeline.of(PipelineParameters.fromMap(n.method(), n.parameters()),
                    a.stepIntervalMillis(), periods,
                    n.covariateMean().stream().mapToDouble(Double::doubleValue).toArray(),
                    n.covariateScale().stream().mapToDouble(Double::doubleValue).toArray());
        } catch (IllegalArgumentException | NullPointerException e) {
            Reason r = e.getMessage() != null && e.getMessage().startsWith("architecture.")
                    ? Reason.ARCHITECTURE : Reason.NORMALISATION;
            throw new SnapshotException(r, String.valueOf(e.getMessage()), e);
        }
        if (pipeline.featureCount() != a.inputFeatures()) {
            throw new SnapshotException(Reason.ARCHITECTURE, "architecture.inputFeatures = " + a.inputFeatures()
                    + " but pipeline " + n.method() + " produces " + pipeline.featureCount() + " features for "
                    + a.seasonalPeriodsMillis().size() + " seasonal periods and " + a.covariates() + " covariates");
        }
        RecurrentNetwork net = new RecurrentNetwork(cell, a.inputFeatures(), a.hiddenSize(), a.layers(), false,
                headType.create(pipeline.sigmaFloor()));
        float[] params = readTensors(snapshot.tensors(), net);
        String actual = sha256(snapshot.tensors());
        if (!actual.equals(snapshot.sha256())) {
            throw new SnapshotException(Reason.CHECKSUM, "sha256 of the tensors is " + actual + " but the snapshot says "
                    + snapshot.sha256());
        }
        return new Forecaster(snapshot.version(), net, params, pipeline, a.horizon(), a.warmupSteps(),
                a.maxGapMillis());
    }

    /**
     * Verifies the signature of {@code snapshot} with {@code key} ({@link SnapshotSigning#verify}), then
     * {@link #decode(ModelSnapshot) decodes} it.
     */
    public static Forecaster decode(ModelSnapshot snapshot, PublicKey key) throws SnapshotException {
        SnapshotSigning.verify(snapshot, key);
        return decode(snapshot);
    }

    private static float[] readTensors(List<Tensor> tensors, RecurrentNetwork net) throws SnapshotException {
        List<ParameterSpec> specs = net.parameters();
        if (tensors.size() != specs.size()) {
            List<String> expected = specs.stream().map(ParameterSpec::name).toList();
            List<String> got = tensors.stream().map(t -> t == null ? null : t.name()).toList();
            throw new SnapshotException(Reason.SHAPE, "expected " + specs.size() + " tensors " + expected + ", got "
                    + tensors.size() + " " + got);
        }
        float[] params = new float[net.parameterCount()];
        for (int i = 0; i < specs.size(); i++) {
            ParameterSpec spec = specs.get(i);
            Tensor t = tensors.get(i);
            if (t == null || !spec.name().equals(t.name())) {
                throw new SnapshotException(Reason.SHAPE, "tensor " + i + " must be '" + spec.name() + "', got '"
                        + (t == null ? null : t.name()) + "'");
            }
            List<Integer> want = new ArrayList<>();
            for (int d : spec.shape()) {
                want.add(d);
            }
            if (!want.equals(t.shape())) {
                throw new SnapshotException(Reason.SHAPE, "tensor '" + t.name() + "' has shape " + t.shape()
                        + ", expected " + want);
            }
            if (t.data() == null || t.data().length != 4 * spec.size()) {
                throw new SnapshotException(Reason.SHAPE, "tensor '" + t.name() + "' has "
                        + (t.data() == null ? "no" : t.data().length) + " data bytes, expected " + 4 * spec.size()
                        + " (float32 for shape " + want + ")");
            }
            float[] data = new float[spec.size()];
            ByteBuffer.wrap(t.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            for (int k = 0; k < data.length; k++) {
                if (!Float.isFinite(data[k])) {
                    throw new SnapshotException(Reason.NON_FINITE, "tensor '" + t.name() + "' element " + k
                            + " (row-major) is " + data[k]);
                }
            }
            spec.load(data, params);
        }
        return params;
    }

    /**
     * Lowercase hex SHA-256 of the canonical tensor bytes: for each tensor in order, its name in UTF-8, a 0x00
     * byte, its rank as int32 little-endian, each dimension as int32 little-endian, the data length in bytes as
     * int32 little-endian, then the data bytes (float32 little-endian, row-major) as stored.
     */
    public static String sha256(List<Tensor> tensors) {
        MessageDigest md = sha256Digest();
        ByteBuffer ints = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors) {
            md.update(t.name().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(ints.putInt(0, t.shape().size()).array());
            for (int d : t.shape()) {
                md.update(ints.putInt(0, d).array());
            }
            byte[] data = t.data() == null ? new byte[0] : t.data();
            md.update(ints.putInt(0, data.length).array());
            md.update(data);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void require(boolean present, String field) throws SnapshotException {
        if (!present) {
            throw new SnapshotException(Reason.MISSING_FIELD, field + " is missing");
        }
    }

    private static void positive(int v, String field) throws SnapshotException {
        if (v < 1) {
            throw new SnapshotException(Reason.ARCHITECTURE, field + " must be >= 1, got " + v);
        }
    }

    /** Writes the canonical bytes used by {@link SnapshotSigning} (package use). */
    static byte[] signingPayload(ModelSnapshot s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Canonical c = new Canonical(out);
        c.string("nowcast-snapshot-signature-v1");
        c.string(s.model());
        c.int64(s.version());
        c.int64(s.createdAt());
        Architecture a = s.architecture();
        c.string(a.cellType());
        c.int32(a.layers());
        c.int32(a.hiddenSize());
        c.int32(a.inputFeatures());
        c.string(a.head());
        c.int32(a.horizon());
        c.int32(a.warmupSteps());
        c.int64(a.stepIntervalMillis());
        c.int64(a.maxGapMillis());
        c.int32(a.seasonalPeriodsMillis().size());
        for (long p : a.seasonalPeriodsMillis()) {
            c.int64(p);
        }
        c.int32(a.covariates());
        Normalisation n = s.normalisation();
        c.string(n.method());
        c.int32(n.parameters().size());
        n.parameters().forEach((k, v) -> {
            c.string(k);
            c.float64(v);
        });
        c.int32(n.covariateMean().size());
        n.covariateMean().forEach(c::float64);
        c.int32(n.covariateScale().size());
        n.covariateScale().forEach(c::float64);
        c.string(s.sha256());
        return out.toByteArray();
    }

    /** Little-endian, length-prefixed primitives of the signing payload. */
    private static final class Canonical {
        private final ByteArrayOutputStream out;
        private final ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Canonical(ByteArrayOutputStream out) {
            this.out = out;
        }

        void int32(int v) {
            out.write(b.putInt(0, v).array(), 0, 4);
        }

        void int64(long v) {
            out.write(b.putLong(0, v).array(), 0, 8);
        }

        void float64(double v) {
            int64(Double.doubleToLongBits(v));
        }

        void string(String v) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            int32(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
    }
}
