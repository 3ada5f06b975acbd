package dev.nowcast.model.snapshot;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A plain Java mirror of the Avro {@code WeightSnapshot} record (same field names and meanings), so the model
 * library stays free of Avro. {@link SnapshotCodec} turns one into a ready forecaster after validating it.
 *
 * <p>Copy semantics: constructors copy lists, maps and byte arrays, so a snapshot is immutable once built;
 * accessors return the snapshot's own unmodifiable collections and its own byte arrays, which callers must not
 * modify. Maps are held sorted by key. Enum-valued fields ({@link Architecture#cellType()},
 * {@link Architecture#head()}) are kept as their symbols, so that a snapshot from a newer writer with a symbol
 * this library does not know can still be represented and rejected with a precise reason.
 *
 * @param createdAt    epoch milliseconds
 * @param tensors      in PyTorch state_dict order
 * @param sha256       lowercase hex SHA-256 of the canonical tensor bytes ({@link SnapshotCodec#sha256})
 * @param signature    Ed25519 signature of the signing payload ({@link SnapshotSigning}), or null
 * @param signingKeyId identifies the key that made {@code signature}, or null
 */
public record ModelSnapshot(String model, long version, long createdAt, Architecture architecture,
                            Normalisation normalisation, List<Tensor> tensors, TrainingSummary trainingSummary,
                            String sha256, byte[] signature, String signingKeyId) {
    public ModelSnapshot {
        tensors = tensors == null ? null : List.copyOf(tensors);
        signature = signature == null ? null : signature.clone();
    }

    /** This snapshot with another signature and key id (both may be null). */
    public ModelSnapshot withSignature(byte[] newSignature, String keyId) {
        return new ModelSnapshot(model, version, createdAt, architecture, normalisation, tensors, trainingSummary,
                sha256, newSignature, keyId);
    }

    /**
     * The network and streaming settings.
     *
     * @param cellType              ELMAN_TANH, ELMAN_RELU, GRU or LSTM
     * @param inputFeatures         must equal what the feature pipeline produces for the seasonal periods and
     *                              covariates
     * @param head                  GAUSSIAN or POINT
     * @param horizon               steps forecast per observation
     * @param warmupSteps           points after which a series is warm
     * @param stepIntervalMillis    nominal step
     * @param maxGapMillis          a longer gap restarts a series (weekends do not count on a weekday calendar)
     * @param seasonalPeriodsMillis seasonal periods (copied)
     * @param covariates            covariates per observation
     */
    public record Architecture(String cellType, int layers, int hiddenSize, int inputFeatures, String head,
                               int horizon, int warmupSteps, long stepIntervalMillis, long maxGapMillis,
                               List<Long> seasonalPeriodsMillis, int covariates) {
        public Architecture {
            seasonalPeriodsMillis = seasonalPeriodsMillis == null ? null : List.copyOf(seasonalPeriodsMillis);
        }
    }

    /**
     * The feature pipeline's global parameters.
     *
     * @param method         the pipeline's name and version, e.g. {@code ewm-diff-v1}
     * @param parameters     its named parameters (copied, sorted by name)
     * @param covariateMean  per covariate (copied)
     * @param covariateScale per covariate (copied)
     */
    public record Normalisation(String method, Map<String, Double> parameters, List<Double> covariateMean,
                                List<Double> covariateScale) {
        public Normalisation {
            parameters = sorted(parameters);
            covariateMean = covariateMean == null ? null : List.copyOf(covariateMean);
            covariateScale = covariateScale == null ? null : List.copyOf(covariateScale);
        }
    }

    /**
     * One named tensor.
     *
     * @param shape PyTorch shape (copied)
     * @param data  float32 little-endian, row-major (copied; do not modify the returned array)
     */
    public record Tensor(String name, List<Integer> shape, byte[] data) {
        public Tensor {
            shape = shape == null ? null : List.copyOf(shape);
            data = data == null ? null : data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && Objects.equals(name, t.name)
                    && Objects.equals(shape, t.shape) && Arrays.equals(data, t.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, shape) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return name + shape + " (" + (data == null ? 0 : data.length) + " bytes)";
        }
    }

    /**
     * What the trainer reports about the run (informational: not covered by the signature).
     *
     * @param metrics         scores on held-out data (copied, sorted)
     * @param baselines       baseline scores on the same data (copied, sorted)
     * @param dataFrom        first timestamp trained on (epoch ms)
     * @param dataTo          last timestamp trained on (epoch ms)
     * @param championVersion the version this one was compared with, or null
     * @param details         free-form JSON
     */
    public record TrainingSummary(Map<String, Double> metrics, Map<String, Double> baselines, long dataFrom,
                                  long dataTo, long series, long observations, String dataFingerprint,
                                  Long championVersion, Double championScore, Double challengerScore,
                                  String decision, String details) {
        public TrainingSummary {
            metrics = sorted(metrics);
            baselines = sorted(baselines);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSnapshot s && Objects.equals(model, s.model) && version == s.version
                && createdAt == s.createdAt && Objects.equals(architecture, s.architecture)
                && Objects.equals(normalisation, s.normalisation)
                && Objects.equals(tensors, s.tensors)
                && Objects.equals(trainingSummary, s.trainingSummary)
                && Objects.equals(sha256, s.sha256) && Arrays.equals(signature, s.signature)
                && Objects.equals(signingKeyId, s.signingKeyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, version, sha256);
    }

    @Override
    public String toString() {
        return "ModelSnapshot[" + model + " v" + version + ", " + architecture + ", sha256=" + sha256
                + (signature == null ? "" : ", signed by " + signingKeyId) + "]";
    }

    private static SortedMap<String, Double> sorted(Map<String, Double> m) {
        return m == null ? null : Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }
}
