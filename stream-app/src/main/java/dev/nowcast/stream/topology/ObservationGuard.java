package dev.nowcast.stream.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Observation;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.schemas.serde.PoisonRecordException;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.stream.serving.ServingModel;

/**
 * The processor's guard: everything that makes an observation record unusable, checked before any state is
 * touched, each with the reason and detail its dead letter carries. The finiteness check is the model's own
 * ({@link Forecaster#nonFinite}), so the guard refuses exactly what the forecaster would.
 *
 * <p>One instance per processor: it reuses its covariate buffers, and {@link #admit} allocates nothing for a good
 * record beyond the deserialized observation.
 */
final class ObservationGuard {

    private final String model;
    private final TopologySpec spec;
    private final SpecificAvroDeserializer<Observation> observations;
    private final CovariateBuffers covariateBuffers = new CovariateBuffers();

    private double[] covariates;
    private DeadLetterReason reason;
    private String detail;

    ObservationGuard(String model, TopologySpec spec, SpecificAvroDeserializer<Observation> observations) {
        this.model = model;
        this.spec = spec;
        this.observations = observations;
    }

    /**
     * The record's observation, or null when the record is unusable; then {@link #reason()} and {@link #detail()}
     * say why.
     *
     * @param serving the model in service, or null when there is none yet (no covariate count to check)
     * @param nowMs   the wall clock, against which {@code nowcast.validation.max-future} is measured
     */
    Observation admit(String topic, byte[] key, byte[] value, ServingModel serving, long nowMs) {
        if (value != null && value.length > spec.maxRecordBytes()) {
            return refuse(DeadLetterReason.OVERSIZED, "value of " + value.length
                    + " bytes exceeds nowcast.validation.max-record-bytes=" + spec.maxRecordBytes());
        }
        if (key == null) {
            return refuse(DeadLetterReason.NULL_KEY, "observations are keyed by series id; this record has no key");
        }
        Observation observation;
        try {
            observation = observations.deserialize(topic, value);
        } catch (PoisonRecordException e) {
            return refuse(e.reason(), e.detail());
        }
        if (observation == null) {
            return refuse(DeadLetterReason.MALFORMED, "a null value (tombstone) is not an observation");
        }
        if (!sameUtf8(key, observation.getSeriesId())) {
            return refuse(DeadLetterReason.KEY_MISMATCH, "key '" + new String(key, StandardCharsets.UTF_8)
                    + "' differs from seriesId '" + observation.getSeriesId() + "'");
        }
        covariates = covariateBuffers.of(observation.getCovariates());
        String nonFinite = Forecaster.nonFinite(observation.getValue(), covariates);
        if (nonFinite != null) {
            return refuse(DeadLetterReason.NON_FINITE, nonFinite);
        }
        String implausible = implausible(observation.getTimestamp().toEpochMilli(), nowMs);
        if (implausible != null) {
            return refuse(DeadLetterReason.BAD_TIMESTAMP, implausible);
        }
        if (serving != null && covariates.length != serving.forecaster().pipeline().covariates()) {
            return refuse(DeadLetterReason.COVARIATE_MISMATCH, "model " + model + " v" + serving.version()
                    + " takes " + serving.forecaster().pipeline().covariates() + " covariate(s), the observation has "
                    + covariates.length);
        }
        return observation;
    }

    /** The covariates of the observation last admitted, in a buffer reused for the next one. */
    double[] covariates() {
        return covariates;
    }

    /** Why the last record was refused. */
    DeadLetterReason reason() {
        return reason;
    }

    /** The last refusal's detail, naming the setting or the field at fault. */
    String detail() {
        return detail;
    }

    private Observation refuse(DeadLetterReason reason, String detail) {
        this.reason = reason;
        this.detail = detail;
        return null;
    }

    private String implausible(long timestamp, long nowMs) {
        if (timestamp < spec.minTimestamp().toEpochMilli()) {
            return "timestamp " + Instant.ofEpochMilli(timestamp) + " is before nowcast.validation.min-timestamp="
                    + spec.minTimestamp();
        }
        if (timestamp > nowMs + spec.maxFuture().toMillis()) {
            return "timestamp " + Instant.ofEpochMilli(timestamp) + " is more than nowcast.validation.max-future="
                    + spec.maxFuture() + " ahead of the wall clock";
        }
        return null;
    }

    /** Whether {@code key} is the UTF-8 encoding of {@code id}, without encoding {@code id} when it is ASCII. */
    static boolean sameUtf8(byte[] key, String id) {
        if (key.length == id.length()) {
            boolean ascii = true;
            for (int i = 0; i < key.length; i++) {
                char c = id.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                    break;
                }
                if (key[i] != (byte) c) {
                    return false;
                }
            }
            if (ascii) {
                return true;
            }
        }
        return Arrays.equals(key, id.getBytes(StandardCharsets.UTF_8));
    }

    /** Reused arrays for the covariates of an observation, one per count (the forecaster wants exact lengths). */
    private static final class CovariateBuffers {
        private static final double[] NONE = new double[0];
        private double[][] byCount = new double[4][];

        double[] of(List<Double> values) {
            int n = values.size();
            if (n == 0) {
                return NONE;
            }
            if (n >= byCount.length) {
                byCount = Arrays.copyOf(byCount, n + 1);
            }
            double[] buffer = byCount[n];
            if (buffer == null) {
                buffer = byCount[n] = new double[n];
            }
            for (int i = 0; i < n; i++) {
                buffer[i] = values.get(i);
            }
            return buffer;
        }
    }
}
