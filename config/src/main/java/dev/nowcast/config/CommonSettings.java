package dev.nowcast.config;

import java.util.List;

/** The {@code nowcast.*} settings every command shares: where Kafka and the registry are, and the topics. */
public final class CommonSettings {

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.string("nowcast.bootstrap.servers",
            "localhost:9092", "Kafka bootstrap servers.");
    public static final Setting<String> SCHEMA_REGISTRY_URL = Setting.string("nowcast.schema.registry.url",
            "http://localhost:8081", "Schema registry base URL (Confluent API; for Apicurio .../apis/ccompat/v7).");
    public static final Setting<String> SCHEMA_REGISTRY_USER_INFO = Setting.custom("nowcast.schema.registry.user-info",
            null, "Registry basic auth as user:password.", raw -> {
                if (!raw.contains(":")) {
                    throw new IllegalArgumentException("must be user:password");
                }
                return raw;
            });
    public static final Setting<String> SCHEMA_REGISTRY_BEARER_TOKEN = Setting.custom(
            "nowcast.schema.registry.bearer-token", null, "Registry bearer token.", String::trim);
    public static final Setting<List<ModelBinding>> MODELS = Setting.custom("nowcast.models",
            "sensors:nowcast.observations.sensors,prices:nowcast.observations.prices",
            "Models and their observation topics: model:topic[|topic...], comma-separated.", ModelBinding::parseAll);
    public static final Setting<String> TOPIC_MODEL_WEIGHTS = Setting.string("nowcast.topic.model-weights",
            "nowcast.model-weights", "Compacted topic of weight snapshots, read by every instance.");
    public static final Setting<String> TOPIC_PREDICTIONS = Setting.string("nowcast.topic.predictions",
            "nowcast.predictions", "Output topic of predictions.");
    public static final Setting<String> TOPIC_ANOMALIES = Setting.string("nowcast.topic.anomalies",
            "nowcast.anomalies", "Output topic of anomalies.");
    public static final Setting<String> TOPIC_DEAD_LETTERS = Setting.string("nowcast.topic.dead-letters",
            "nowcast.dead-letters", "Output topic of rejected inputs, with the reason.");

    /** In the order of the README's configuration table. */
    public static final List<Setting<?>> ALL = List.of(BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_USER_INFO,
            SCHEMA_REGISTRY_BEARER_TOKEN, MODELS, TOPIC_MODEL_WEIGHTS, TOPIC_PREDICTIONS, TOPIC_ANOMALIES,
            TOPIC_DEAD_LETTERS);

    private CommonSettings() {
    }
}
