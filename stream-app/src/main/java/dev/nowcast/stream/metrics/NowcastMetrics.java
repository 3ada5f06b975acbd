package dev.nowcast.stream.metrics;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.nowcast.avro.DeadLetterReason;

/** All of the app's own meters ({@code nowcast.*}); Kafka Streams' and the JVM's are bound next to them. */
public final class NowcastMetrics {

    private final MeterRegistry registry;
    private final Map<String, ModelMetrics> models = new ConcurrentHashMap<>();
    private final Map<DeadLetterReason, Counter> deadLetters = new EnumMap<>(DeadLetterReason.class);

    public NowcastMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLetters.put(reason, Counter.builder("nowcast.dead.letters").tag("reason", reason.name())
                    .description("Inputs rejected to the dead-letter topic, by reason").register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The meters of {@code model}, created on first use. */
    public ModelMetrics model(String model) {
        return models.computeIfAbsent(model, m -> new ModelMetrics(registry, m));
    }

    public void deadLetter(DeadLetterReason reason) {
        deadLetters.get(reason).increment();
    }

    /**
     * Registers {@code model}'s snapshot counters at 0, one per rejection reason, so that dashboards and alerts
     * see 0 rather than no data before the first snapshot.
     */
    public void registerSnapshotCounters(String model, List<String> rejectionReasons) {
        accepted(model);
        rejectionReasons.forEach(reason -> rejected(model, reason));
    }

    public void snapshotAccepted(String model) {
        accepted(model).increment();
    }

    public void snapshotRejected(String model, String reason) {
        rejected(model, reason).increment();
    }

    private Counter accepted(String model) {
        return Counter.builder("nowcast.snapshots.accepted").tag("model", model)
                .description("Weight snapshots validated and put in service").register(registry);
    }

    private Counter rejected(String model, String reason) {
        return Counter.builder("nowcast.snapshots.rejected").tag("model", model).tag("reason", reason)
                .description("Weight snapshots refused (the previous version keeps serving)").register(registry);
    }

    /** A gauge per model read from {@code source} when scraped (the model version). */
    public <T> void modelGauge(String name, String description, String model, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).tag("model", model).description(description).register(registry);
    }
}
