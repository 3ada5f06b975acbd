package dev.nowcast.stream.serving;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.schemas.serde.PoisonRecordException;
import dev.nowcast.schemas.serde.SpecificAvroDeserializer;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;
import dev.nowcast.stream.metrics.NowcastMetrics;
import dev.nowcast.stream.topology.DeadLetters;

/**
 * Feeds the global {@code model-weights} store: every snapshot is validated (decodable, shapes, finite values,
 * checksum, signature when a verification key is configured, a version newer than the one in service) before
 * it is put in service; the processors pick it up from their next record. A refused snapshot is logged with its
 * reason, counted, and dead-lettered, and the previous version keeps serving. Kafka Streams also restores the
 * global store through this processor, so a restarted instance validates what it reloads in the same way.
 *
 * <p>That restoration re-reads the topic only from the global store's checkpoint on, which Kafka Streams writes at
 * every start: after a restart on the same state directory, the snapshots accepted before it are not read again.
 * So {@link #init} first puts in service what the store holds, the last accepted snapshot of each model, validated
 * again like any other.
 */
public final class SnapshotProcessor implements Processor<String, byte[], Void, Void> {

    /** Rejection reasons of this processor, next to {@link SnapshotException.Reason}'s. */
    static final String UNDECODABLE = "UNDECODABLE";
    static final String STALE_VERSION = "STALE_VERSION";
    static final String MODEL_MISMATCH = "MODEL_MISMATCH";
    /** Every reason a snapshot is refused for: the metrics show each from the start, at 0. */
    public static final List<String> REJECTION_REASONS = Stream.concat(Stream.of(UNDECODABLE, STALE_VERSION,
            MODEL_MISMATCH), Arrays.stream(SnapshotException.Reason.values()).map(Enum::name)).toList();

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotProcessor.class);

    private final String storeName;
    private final String topic;
    private final SpecificAvroDeserializer<WeightSnapshot> snapshots;
    private final ModelRegistry registry;
    private final NowcastMetrics metrics;
    private final SnapshotRejectionSink rejections;
    private final PublicKey verificationKey;
    private final double anomalyThreshold;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    public SnapshotProcessor(String storeName, String topic, SpecificAvroDeserializer<WeightSnapshot> snapshots,
                             ModelRegistry registry, NowcastMetrics metrics, SnapshotRejectionSink rejections,
                             PublicKey verificationKey, double anomalyThreshold) {
        this.storeName = storeName;
        this.topic = topic;
        this.snapshots = snapshots;
        this.registry = registry;
        this.metrics = metrics;
        this.rejections = rejections;
        this.verificationKey = verificationKey;
        this.anomalyThreshold = anomalyThreshold;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        serveStoredSnapshots();
    }

    private void serveStoredSnapshots() {
        for (ModelSlot slot : registry.slots()) {
            byte[] stored = store.get(slot.name());
            if (stored == null || slot.serving() != null) {
                continue;
            }
            try {
                ModelSnapshot snapshot = WeightSnapshotMapping.fromAvro(snapshots.deserialize(topic, stored));
                install(slot, snapshot, decode(snapshot), "kept in the local store");
            } catch (PoisonRecordException | SnapshotException e) {
                // E.g. the verification key changed since: the stored snapshot no longer qualifies.
                LOG.warn("The snapshot of model {} kept in the local store is not accepted any more ({}); waiting for "
                        + "a valid one on {}", slot.name(), e.getMessage(), topic);
            }
        }
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String model = record.key();
        ModelSlot slot = model == null ? null : registry.slot(model);
        if (slot == null) {
            LOG.debug("Ignoring a snapshot for model {}, which this instance does not serve", model);
            return;
        }
        if (record.value() == null) {
            LOG.warn("Ignoring a tombstone for model {}: the version in service keeps serving", model);
            return;
        }
        WeightSnapshot avro;
        try {
            avro = snapshots.deserialize(topic, record.value());
        } catch (PoisonRecordException e) {
            reject(slot, record, -1, UNDECODABLE, e.getMessage());
            return;
        }
        ModelSnapshot snapshot = WeightSnapshotMapping.fromAvro(avro);
        ServingModel current = slot.serving();
        if (current != null && snapshot.version() <= current.version()) {
            if (snapshot.version() == current.version() && snapshot.sha256().equals(current.sha256())) {
                return; // the same snapshot again (a restore or a re-publish): nothing to do
            }
            reject(slot, record, snapshot.version(), STALE_VERSION, "version " + snapshot.version()
                    + " is not newer than version " + current.version() + " in service");
            return;
        }
        if (!model.equals(snapshot.model())) {
            reject(slot, record, snapshot.version(), MODEL_MISMATCH, "record key '" + model
                    + "' but a snapshot of model '" + snapshot.model() + "'");
            return;
        }
        Forecaster forecaster;
        try {
            forecaster = decode(snapshot);
        } catch (SnapshotException e) {
            String reason = e.reason().name();
            // The exception's message starts with its reason, which the rejection states on its own.
            String detail = e.getMessage().startsWith(reason + ": ") ? e.getMessage().substring(reason.length() + 2)
                    : e.getMessage();
            reject(slot, record, snapshot.version(), reason, detail);
            return;
        }
        store.put(model, record.value());
        install(slot, snapshot, forecaster, "from " + topic);
    }

    private Forecaster decode(ModelSnapshot snapshot) throws SnapshotException {
        return verificationKey == null ? SnapshotCodec.decode(snapshot) : SnapshotCodec.decode(snapshot, verificationKey);
    }

    private void install(ModelSlot slot, ModelSnapshot snapshot, Forecaster forecaster, String origin) {
        slot.install(new ServingModel(forecaster.withAnomalyThreshold(anomalyThreshold), snapshot, snapshot.sha256(),
                context.currentSystemTimeMs()));
        metrics.snapshotAccepted(slot.name());
        LOG.info("Model {} version {} in service, {} ({} {}x{}, horizon {}, sha256 {}{})", slot.name(), snapshot.version(),
                origin, snapshot.architecture().cellType(), snapshot.architecture().layers(),
                snapshot.architecture().hiddenSize(), snapshot.architecture().horizon(), snapshot.sha256(),
                snapshot.signature() == null ? ", unsigned" : ", signed by " + snapshot.signingKeyId());
    }

    private void reject(ModelSlot slot, Record<String, byte[]> record, long version, String reason, String detail) {
        long now = context.currentSystemTimeMs();
        slot.reject(new ModelSlot.Rejection(version, reason, detail, now));
        metrics.snapshotRejected(slot.name(), reason);
        ServingModel current = slot.serving();
        LOG.warn("Rejected snapshot of model {} (version {}): {}: {}; {}", slot.name(), version, reason, detail,
                current == null ? "no version is in service yet" : "version " + current.version() + " keeps serving");
        RecordMetadata source = context.recordMetadata().orElse(null);
        byte[] key = record.key().getBytes(StandardCharsets.UTF_8);
        rejections.send(key, DeadLetters.of(source == null ? topic : source.topic(),
                source == null ? -1 : source.partition(), source == null ? -1 : source.offset(), record.timestamp(), key,
                record.value(), DeadLetterReason.INVALID_SNAPSHOT, reason + ": " + detail, now));
        metrics.deadLetter(DeadLetterReason.INVALID_SNAPSHOT);
    }
}
