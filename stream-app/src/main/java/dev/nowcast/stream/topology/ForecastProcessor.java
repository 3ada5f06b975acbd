package dev.nowcast.stream.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Observation;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.Outcome;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.schemas.serde.PoisonRecordException;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.stream.metrics.ModelMetrics;
import dev.nowcast.stream.metrics.NowcastMetrics;
import dev.nowcast.stream.serving.ModelSlot;
import dev.nowcast.stream.serving.ServingModel;
import dev.nowcast.stream.state.CorruptStateException;
import dev.nowcast.stream.state.SeriesStateCodec;

/**
 * The per-event path of one model (DESIGN.md, "Per-event semantics"), in the order Kafka Streams' own processors
 * follow: guard, get, compute, put, forward. A bad record is dead-lettered with its reason and original bytes,
 * logged with topic, partition and offset, and counted; it is never thrown. What the model does for one
 * observation (order, gaps, rebuild after a swap, scoring, step, rollout) is {@link Forecaster#observe}, the same
 * code the offline evaluator runs.
 *
 * <p>One instance per task; it reuses its state, result and output objects, so beyond the output records and
 * the stored state bytes nothing is allocated per event.
 */
final class ForecastProcessor implements Processor<byte[], byte[], byte[], Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastProcessor.class);

    private final String model;
    private final String storeName;
    private final TopologySpec spec;
    private final SpecificAvroDeserializer<Observation> observations;
    private final ModelSlot slot;
    private final ModelMetrics metrics;
    private final NowcastMetrics appMetrics;

    private final SeriesState state;
    private final StepResult result = new StepResult();
    private final SeriesStateCodec codec = new SeriesStateCodec();
    private final CovariateBuffers covariates = new CovariateBuffers();
    private final OutputRecords outputs;
    private final DeadLetters deadLetters;

    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Bytes, byte[]> store;
    /** Series in this task's store (counted at init, then one per new series): its share of nowcast.series. */
    private long seriesHeld;
    /** Whether the series being processed had no state in the store. */
    private boolean newSeries;

    ForecastProcessor(String model, String storeName, TopologySpec spec, SpecificAvroDeserializer<Observation> observations,
                      ModelSlot slot, ModelMetrics metrics, NowcastMetrics appMetrics) {
        this.model = model;
        this.storeName = storeName;
        this.spec = spec;
        this.observations = observations;
        this.slot = slot;
        this.metrics = metrics;
        this.appMetrics = appMetrics;
        this.state = new SeriesState(spec.ringSize());
        this.outputs = new OutputRecords(model);
        this.deadLetters = new DeadLetters(LOG);
    }

    @Override
    public void init(ProcessorContext<byte[], Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        // Kafka Streams initialises a task's processors once its stores are restored: they hold its series.
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                all.next();
                seriesHeld++;
            }
        }
        metrics.seriesHeld(seriesHeld);
    }

    @Override
    public void close() {
        metrics.seriesHeld(-seriesHeld);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long started = System.nanoTime();
        RecordMetadata source = context.recordMetadata().orElseThrow();

        // 1. Guard: everything that makes the record unusable, before any state is touched.
        byte[] key = record.key();
        byte[] value = record.value();
        if (value != null && value.length > spec.maxRecordBytes()) {
            reject(record, source, DeadLetterReason.OVERSIZED, "value of " + value.length
                    + " bytes exceeds nowcast.validation.max-record-bytes=" + spec.maxRecordBytes());
            return;
        }
        if (key == null) {
            reject(record, source, DeadLetterReason.NULL_KEY, "observations are keyed by series id; this record has no key");
            return;
        }
        Observation observation;
        try {
            observation = observations.deserialize(source.topic(), value);
        } catch (PoisonRecordException e) {
            reject(record, source, e.reason(), e.detail());
            return;
        }
        if (observation == null) {
            reject(record, source, DeadLetterReason.MALFORMED, "a null value (tombstone) is not an observation");
            return;
        }
        String seriesId = observation.getSeriesId();
        if (!sameUtf8(key, seriesId)) {
            reject(record, source, DeadLetterReason.KEY_MISMATCH, "key '" + new String(key, StandardCharsets.UTF_8)
                    + "' differs from seriesId '" + seriesId + "'");
            return;
        }
        double[] covs = covariates.of(observation.getCovariates());
        String nonFinite = Forecaster.nonFinite(observation.getValue(), covs);
        if (nonFinite != null) {
            reject(record, source, DeadLetterReason.NON_FINITE, nonFinite);
            return;
        }
        long timestamp = observation.getTimestamp().toEpochMilli();
        String implausible = implausible(timestamp);
        if (implausible != null) {
            reject(record, source, DeadLetterReason.BAD_TIMESTAMP, implausible);
            return;
        }
        ServingModel serving = slot.serving();
        if (serving != null && covs.length != serving.forecaster().pipeline().covariates()) {
            reject(record, source, DeadLetterReason.COVARIATE_MISMATCH, "model " + model + " v" + serving.version()
                    + " takes " + serving.forecaster().pipeline().covariates() + " covariate(s), the observation has "
                    + covs.length);
            return;
        }

        // 2. Get the series' state (a new series starts empty).
        Bytes storeKey = Bytes.wrap(key);
        load(storeKey, source);
        metrics.observation();

        // 3. Compute: order, gap, swap, score, step and roll out (Forecaster.observe), or just record the point.
        double observed = observation.getValue();
        if (serving == null) {
            Outcome outcome = Forecaster.observeWithoutModel(state, timestamp, observed, covs);
            if (!accepted(outcome, record, source, timestamp)) {
                return;
            }
            put(storeKey);
            metrics.unmodelled();
            return;
        }
        if (spec.floor()) {
            floor(serving, record, source, storeKey, key, seriesId, observation.getTimestamp(), timestamp, observed, covs,
                    started);
            return;
        }
        try {
            serving.forecaster().observe(state, timestamp, observed, covs, result);
        } catch (RuntimeException e) {
            // A defect, not a bad record; the state is not written, so the series is as it was.
            LOG.error("Forecaster of model {} v{} failed on {}-{}@{}", model, serving.version(), source.topic(),
                    source.partition(), source.offset(), e);
            reject(record, source, DeadLetterReason.PROCESSING_ERROR, e.toString());
            return;
        }
        if (!accepted(result.outcome(), record, source, timestamp)) {
            return;
        }

        // 4. Put the new state.
        put(storeKey);

        // 5. Forward the prediction (and the anomaly), stamped with the observation's event time.
        RecordHeaders headers = outputs.headers(serving.version());
        context.forward(new Record<>(key, outputs.prediction(seriesId, serving.version(), observation.getTimestamp(),
                observed, result), timestamp, headers), ForecastTopology.PREDICTIONS_SINK);
        if (result.anomaly()) {
            context.forward(new Record<>(key, outputs.anomaly(seriesId, serving.version(), observation.getTimestamp(),
                    observed, result), timestamp, headers), ForecastTopology.ANOMALIES_SINK);
        }
        metrics.stepped(result);
        metrics.latency(System.nanoTime() - started);
    }

    /**
     * The benchmark floor ({@code nowcast.benchmark.floor}): the same guard, state get and put of a state of the
     * model's size, and output record as above, with the model's work (features, network, rollout) left out.
     */
    private void floor(ServingModel serving, Record<byte[], byte[]> record, RecordMetadata source, Bytes storeKey,
                       byte[] key, String seriesId, Instant observedAt, long timestamp, double observed, double[] covs,
                       long started) {
        Forecaster forecaster = serving.forecaster();
        state.ensureShape(forecaster.network().layers(), forecaster.network().stateSize(), covs.length,
                forecaster.requiredRingCapacity());
        state.ensureSeasonal(forecaster.pipeline().seasonalLength());
        if (!accepted(Forecaster.observeWithoutModel(state, timestamp, observed, covs), record, source, timestamp)) {
            return;
        }
        state.setForecast(true, 0f, 0f);
        put(storeKey);
        context.forward(new Record<>(key, outputs.naivePrediction(seriesId, serving.version(), observedAt, observed,
                forecaster.horizon(), forecaster.pipeline().stepMillis()), timestamp, outputs.headers(serving.version())),
                ForecastTopology.PREDICTIONS_SINK);
        metrics.latency(System.nanoTime() - started);
    }

    /** Late records are dead-lettered and duplicates dropped (both counted); true for an accepted point. */
    private boolean accepted(Outcome outcome, Record<byte[], byte[]> record, RecordMetadata source, long timestamp) {
        switch (outcome) {
            case LATE -> {
                metrics.late();
                reject(record, source, DeadLetterReason.LATE, "timestamp " + Instant.ofEpochMilli(timestamp)
                        + " is older than the series' last observation at " + Instant.ofEpochMilli(state.lastTimestamp()));
                return false;
            }
            case DUPLICATE -> {
                metrics.duplicate();
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    private void load(Bytes storeKey, RecordMetadata source) {
        byte[] stored = store.get(storeKey);
        newSeries = stored == null;
        if (stored != null) {
            try {
                codec.decode(stored, state);
                return;
            } catch (CorruptStateException e) {
                LOG.error("Unreadable state of series {} in {} (at {}-{}@{}); the series starts again: {}",
                        new String(storeKey.get(), StandardCharsets.UTF_8), storeName, source.topic(), source.partition(),
                        source.offset(), e.getMessage());
            }
        }
        state.restart();
        state.setModelVersion(SeriesState.NO_MODEL);
    }

    /** Writes the series' state; a series written for the first time is one more held. */
    private void put(Bytes storeKey) {
        store.put(storeKey, codec.encode(state));
        if (newSeries) {
            newSeries = false;
            seriesHeld++;
            metrics.seriesHeld(1);
        }
    }

    private void reject(Record<byte[], byte[]> record, RecordMetadata source, DeadLetterReason reason, String detail) {
        appMetrics.deadLetter(reason);
        context.forward(new Record<>(record.key(), deadLetters.letter(source, record, reason, detail,
                context.currentSystemTimeMs()), record.timestamp(), new RecordHeaders()), ForecastTopology.DEAD_LETTERS_SINK);
    }

    private String implausible(long timestamp) {
        if (timestamp < spec.minTimestamp().toEpochMilli()) {
            return "timestamp " + Instant.ofEpochMilli(timestamp) + " is before nowcast.validation.min-timestamp="
                    + spec.minTimestamp();
        }
        long latest = context.currentSystemTimeMs() + spec.maxFuture().toMillis();
        if (timestamp > latest) {
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
        return java.util.Arrays.equals(key, id.getBytes(StandardCharsets.UTF_8));
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
                byCount = java.util.Arrays.copyOf(byCount, n + 1);
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
