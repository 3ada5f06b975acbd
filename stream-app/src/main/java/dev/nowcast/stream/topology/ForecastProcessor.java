package dev.nowcast.stream.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

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
 * logged with topic, partition and offset, and counted; it is never thrown. The guards are {@link ObservationGuard};
 * what the model does for one observation (order, gaps, rebuild after a swap, scoring, step, rollout) is
 * {@link Forecaster#observe}, the same code the offline evaluator runs.
 *
 * <p>One instance per task; it reuses its state, result and output objects, so beyond the output records and
 * the stored state bytes nothing is allocated per event.
 */
public final class ForecastProcessor implements Processor<byte[], byte[], byte[], Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ForecastProcessor.class);

    private final String model;
    private final String storeName;
    private final SeriesStep step;
    private final ModelSlot slot;
    private final ModelMetrics metrics;
    private final NowcastMetrics appMetrics;

    private final ObservationGuard guard;
    private final SeriesState state;
    private final StepResult result = new StepResult();
    private final SeriesStateCodec codec = new SeriesStateCodec();
    private final OutputRecords outputs;
    private final DeadLetters deadLetters;

    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<Bytes, byte[]> store;
    /** Series in this task's store (counted at init, then one per new series): its share of nowcast.series. */
    private long seriesHeld;
    /** Whether the series being processed had no state in the store. */
    private boolean newSeries;

    /**
     * @param step what is computed for a series whose model is in service: {@link SeriesStep#FORECASTER} but in
     *             the end-to-end benchmark's floor
     */
    public ForecastProcessor(String model, String storeName, TopologySpec spec,
                             SpecificAvroDeserializer<Observation> observations, SeriesStep step, ModelSlot slot,
                             ModelMetrics metrics, NowcastMetrics appMetrics) {
        this.model = model;
        this.storeName = storeName;
        this.step = step;
        this.slot = slot;
        this.metrics = metrics;
        this.appMetrics = appMetrics;
        this.guard = new ObservationGuard(model, spec, observations);
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
        ServingModel serving = slot.serving();
        Observation observation = guard.admit(source.topic(), record.key(), record.value(), serving,
                context.currentSystemTimeMs());
        if (observation == null) {
            reject(record, source, guard.reason(), guard.detail());
            return;
        }

        // 2. Get the series' state (a new series starts empty).
        Bytes storeKey = Bytes.wrap(record.key());
        load(storeKey, source);
        metrics.observation();

        // 3. Compute: order, gap, swap, score, step and roll out; without a model, only record the point.
        if (!compute(serving, observation, record, source)) {
            return;
        }

        // 4. Put the new state.
        put(storeKey);

        // 5. Forward the prediction (and the anomaly), stamped with the observation's event time.
        if (serving == null) {
            metrics.unmodelled();
            return;
        }
        forward(record.key(), observation, serving.version());
        metrics.stepped(result);
        metrics.latency(System.nanoTime() - started);
    }

    /** Runs the step on the loaded state; true for an accepted point, whose new state is to be put. */
    private boolean compute(ServingModel serving, Observation observation, Record<byte[], byte[]> record,
                            RecordMetadata source) {
        long timestamp = observation.getTimestamp().toEpochMilli();
        if (serving == null) {
            Outcome outcome = Forecaster.observeWithoutModel(state, timestamp, observation.getValue(), guard.covariates());
            return accepted(outcome, record, source, timestamp);
        }
        try {
            step.observe(serving.forecaster(), state, timestamp, observation.getValue(), guard.covariates(), result);
        } catch (RuntimeException e) {
            // A defect, not a bad record; the state is not written, so the series is as it was.
            LOG.error("Forecaster of model {} v{} failed on {}-{}@{}", model, serving.version(), source.topic(),
                    source.partition(), source.offset(), e);
            reject(record, source, DeadLetterReason.PROCESSING_ERROR, e.toString());
            return false;
        }
        return accepted(result.outcome(), record, source, timestamp);
    }

    private void forward(byte[] key, Observation observation, long version) {
        long timestamp = observation.getTimestamp().toEpochMilli();
        RecordHeaders headers = outputs.headers(version);
        context.forward(new Record<>(key, outputs.prediction(observation.getSeriesId(), version,
                observation.getTimestamp(), observation.getValue(), result), timestamp, headers),
                ForecastTopology.PREDICTIONS_SINK);
        if (result.anomaly()) {
            context.forward(new Record<>(key, outputs.anomaly(observation.getSeriesId(), version,
                    observation.getTimestamp(), observation.getValue(), result), timestamp, headers),
                    ForecastTopology.ANOMALIES_SINK);
        }
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
}
