package dev.nowcast.stream.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.KafkaPassthrough;
import dev.nowcast.config.Setting;

/** The {@code nowcast.*} settings of {@code nowcast stream}, on top of {@link CommonSettings}. */
public final class StreamSettings {

    public static final Setting<String> APPLICATION_ID = Setting.string("nowcast.application.id", "nowcast",
            "Kafka Streams application id: consumer group, prefix of internal topics.");
    public static final Setting<String> PROCESSING_GUARANTEE = Setting.custom("nowcast.processing.guarantee",
            "exactly_once_v2", "exactly_once_v2 or at_least_once.", raw -> {
                String value = raw.trim().toLowerCase(Locale.ROOT);
                if (!value.equals(StreamsConfig.EXACTLY_ONCE_V2) && !value.equals(StreamsConfig.AT_LEAST_ONCE)) {
                    throw new IllegalArgumentException("must be exactly_once_v2 or at_least_once");
                }
                return value;
            });
    public static final Setting<Integer> STREAM_THREADS = Setting.integer("nowcast.stream.threads", 1, 1, 64,
            "Stream threads per instance.");
    public static final Setting<Path> STATE_DIR = Setting.custom("nowcast.state.dir",
            Path.of(System.getProperty("java.io.tmpdir"), "nowcast-streams").toString(),
            "Directory of the local state stores (RocksDB); a persistent volume in production.", Path::of);
    public static final Setting<String> INSTANCE_ID = Setting.custom("nowcast.instance.id", null,
            "Static membership id (group.instance.id), stable across restarts of this instance, e.g. the pod name.",
            String::trim);
    public static final Setting<Duration> SESSION_TIMEOUT = Setting.duration("nowcast.session.timeout", "10s",
            "Consumer session timeout: how long the group waits for a silent instance before moving its work.");
    public static final Setting<String> HTTP_HOST = Setting.string("nowcast.http.host", "127.0.0.1",
            "Address the HTTP server binds to (0.0.0.0 in a container).");
    public static final Setting<Integer> HTTP_PORT = Setting.integer("nowcast.http.port", 8080, 0, 65535,
            "HTTP port for /metrics, /health, /series, /models and the live page (0: any free port).");
    public static final Setting<String> HTTP_ADVERTISED_URL = Setting.custom("nowcast.http.advertised.url", null,
            "URL other instances use to reach this one for /series (default http://<http.host>:<http.port>).",
            raw -> raw.trim().replaceAll("/+$", ""));
    public static final Setting<String> HTTP_TOKEN = Setting.custom("nowcast.http.token", null,
            "Bearer token required by /series, /models and the live page's data when set.", String::trim);
    public static final Setting<Integer> RING_BUFFER_SIZE = Setting.integer("nowcast.ring-buffer.size", 48, 1, 4096,
            "Recent observations kept per series, replayed to rebuild the state after a model swap.");
    public static final Setting<Double> ANOMALY_THRESHOLD = Setting.positiveDouble("nowcast.anomaly.threshold", 3.0,
            "An observation more than this many predicted standard deviations from the mean is an anomaly; the"
                    + " standard deviations are on the model's fitted tail scale, so that 3 flags about the 0.27% a Gaussian"
                    + " would.");
    public static final Setting<Duration> MAX_FUTURE = Setting.duration("nowcast.validation.max-future", "24h",
            "Observations timestamped further than this ahead of the wall clock are dead-lettered (BAD_TIMESTAMP).");
    public static final Setting<Instant> MIN_TIMESTAMP = Setting.instant("nowcast.validation.min-timestamp",
            "1900-01-01T00:00:00Z", "Observations timestamped before this are dead-lettered (BAD_TIMESTAMP).");
    public static final Setting<Integer> MAX_RECORD_BYTES = Setting.integer("nowcast.validation.max-record-bytes",
            65_536, 64, 16 * 1024 * 1024, "Observation values larger than this are dead-lettered (OVERSIZED).");
    public static final Setting<Path> VERIFICATION_KEY = Setting.custom("nowcast.snapshot.verification-key", null,
            "Ed25519 public key (PEM); when set, only snapshots signed with the matching private key are accepted.",
            raw -> {
                Path path = Path.of(raw.trim());
                if (!Files.isReadable(path)) {
                    throw new IllegalArgumentException("file " + path + " does not exist or is not readable");
                }
                return path;
            });
    public static final Setting<Boolean> READY_REQUIRES_MODELS = Setting.bool("nowcast.health.ready-requires-models",
            true, "Whether /health/ready waits for every declared model to be in service; false: ready once the "
                    + "streams run, the body naming the models still awaited (a first install, before any training).");
    public static final Setting<Integer> LIVE_SERIES = Setting.integer("nowcast.live.series", 12, 0, 1000,
            "Series shown on the live page (0 turns the page's feed off).");

    /** Every setting of {@code nowcast stream}, in the order of the README's configuration table. */
    public static final List<Setting<?>> ALL = concat(CommonSettings.ALL, List.of(APPLICATION_ID, PROCESSING_GUARANTEE,
            STREAM_THREADS, STATE_DIR, INSTANCE_ID, SESSION_TIMEOUT, HTTP_HOST, HTTP_PORT, HTTP_ADVERTISED_URL,
            HTTP_TOKEN, RING_BUFFER_SIZE, ANOMALY_THRESHOLD, MAX_FUTURE, MIN_TIMESTAMP, MAX_RECORD_BYTES,
            VERIFICATION_KEY, READY_REQUIRES_MODELS, LIVE_SERIES));

    private StreamSettings() {
    }

    /** Kafka Streams settings and client settings, plain or behind Streams' client prefixes. */
    public static KafkaPassthrough passthrough() {
        Set<String> consumer = ConsumerConfig.configNames();
        Set<String> producer = ProducerConfig.configNames();
        Set<String> admin = AdminClientConfig.configNames();
        return KafkaPassthrough.clients().with(StreamsConfig.configDef().names(),
                Map.of(StreamsConfig.CONSUMER_PREFIX, consumer,
                        StreamsConfig.MAIN_CONSUMER_PREFIX, consumer,
                        StreamsConfig.RESTORE_CONSUMER_PREFIX, consumer,
                        StreamsConfig.GLOBAL_CONSUMER_PREFIX, consumer,
                        StreamsConfig.PRODUCER_PREFIX, producer,
                        StreamsConfig.ADMIN_CLIENT_PREFIX, admin,
                        StreamsConfig.TOPIC_PREFIX, topicConfigNames()),
                Map.of(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID,
                        StreamsConfig.PROCESSING_GUARANTEE_CONFIG, PROCESSING_GUARANTEE,
                        StreamsConfig.STATE_DIR_CONFIG, STATE_DIR,
                        StreamsConfig.NUM_STREAM_THREADS_CONFIG, STREAM_THREADS,
                        StreamsConfig.APPLICATION_SERVER_CONFIG, HTTP_ADVERTISED_URL));
    }

    /** TopicConfig has no list of its names, only constants: {@code *_CONFIG} fields hold them. */
    private static Set<String> topicConfigNames() {
        Set<String> names = new java.util.HashSet<>();
        for (java.lang.reflect.Field field : TopicConfig.class.getFields()) {
            if (field.getName().endsWith("_CONFIG") && field.getType() == String.class) {
                try {
                    names.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return names;
    }

    private static List<Setting<?>> concat(List<Setting<?>> a, List<Setting<?>> b) {
        List<Setting<?>> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
