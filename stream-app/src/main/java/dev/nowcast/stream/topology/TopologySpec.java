package dev.nowcast.stream.topology;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.ConfigException;
import dev.nowcast.config.ModelBinding;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.model.snapshot.PemKeys;
import dev.nowcast.stream.config.StreamSettings;

/**
 * Everything the topology is built from, resolved from the configuration once at start.
 *
 * @param serdeConfig     registry settings for the Avro serdes (Confluent keys)
 * @param verificationKey when not null, only snapshots signed with the matching private key are accepted
 */
public record TopologySpec(List<ModelBinding> models, String predictionsTopic, String anomaliesTopic,
                           String deadLettersTopic, String weightsTopic, int ringSize, double anomalyThreshold,
                           Instant minTimestamp, Duration maxFuture, int maxRecordBytes, Map<String, Object> serdeConfig,
                           PublicKey verificationKey) {

    public TopologySpec {
        models = List.copyOf(models);
        serdeConfig = Map.copyOf(serdeConfig);
    }

    public static TopologySpec from(NowcastConfig config) {
        return new TopologySpec(config.get(CommonSettings.MODELS),
                config.get(CommonSettings.TOPIC_PREDICTIONS),
                config.get(CommonSettings.TOPIC_ANOMALIES),
                config.get(CommonSettings.TOPIC_DEAD_LETTERS),
                config.get(CommonSettings.TOPIC_MODEL_WEIGHTS),
                config.get(StreamSettings.RING_BUFFER_SIZE),
                config.get(StreamSettings.ANOMALY_THRESHOLD),
                config.get(StreamSettings.MIN_TIMESTAMP),
                config.get(StreamSettings.MAX_FUTURE),
                config.get(StreamSettings.MAX_RECORD_BYTES),
                config.registryConfig(),
                verificationKey(config.get(StreamSettings.VERIFICATION_KEY)));
    }

    private static PublicKey verificationKey(Path path) {
        if (path == null) {
            return null;
        }
        try {
            return PemKeys.readPublicKey(path);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(StreamSettings.VERIFICATION_KEY.key(),
                    "cannot read an Ed25519 public key (PEM) from " + path + ": " + e.getMessage(), e);
        }
    }
}
