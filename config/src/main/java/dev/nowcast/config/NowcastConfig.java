package dev.nowcast.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A command's configuration: {@code nowcast.*} settings and {@code kafka.*} pass-through, from (highest
 * precedence first) command-line overrides, environment variables, a properties file, and defaults.
 *
 * <p>Everything is checked when the configuration is loaded, so a bad setting stops the command at start with a
 * message naming it: unknown {@code nowcast.*} keys (with a suggestion), malformed values, Kafka settings the
 * command does not know, and Kafka settings that Nowcast owns. {@link #checkKafkaValues} lets Kafka's own config
 * classes validate the pass-through values.
 */
public final class NowcastConfig {

    /** Prefix of settings passed to Kafka clients (and Kafka Streams) unchanged, minus the prefix. */
    public static final String KAFKA_PREFIX = "kafka.";
    private static final String KAFKA_ENV_PREFIX = "NOWCAST_KAFKA_";

    private final Map<Setting<?>, Object> values;
    private final Map<String, String> kafka;

    private NowcastConfig(Map<Setting<?>, Object> values, Map<String, String> kafka) {
        this.values = values;
        this.kafka = kafka;
    }

    /**
     * Loads and checks the configuration.
     *
     * @param file        a properties file, or {@code null}
     * @param env         environment variables ({@code System.getenv()} in production)
     * @param overrides   settings given on the command line
     * @param settings    the {@code nowcast.*} settings this command knows
     * @param passthrough the {@code kafka.*} settings this command accepts
     * @throws ConfigException naming the first bad setting
     */
    public static NowcastConfig load(Path file, Map<String, String> env, Map<String, String> overrides,
                                     List<Setting<?>> settings, KafkaPassthrough passthrough) {
        Map<String, String> raw = new LinkedHashMap<>();
        if (file != null) {
            raw.putAll(readFile(file));
        }
        raw.putAll(fromEnvironment(env, settings));
        raw.putAll(overrides);

        Map<String, Setting<?>> byKey = settings.stream().collect(Collectors.toMap(Setting::key, s -> s));
        Map<String, String> kafka = new TreeMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(KAFKA_PREFIX)) {
                String kafkaKey = key.substring(KAFKA_PREFIX.length());
                passthrough.check(kafkaKey);
                kafka.put(kafkaKey, e.getValue());
            } else if (!byKey.containsKey(key)) {
                throw new ConfigException(key, "unknown setting" + Suggestions.didYouMean(key, byKey.keySet())
                        + "; Kafka settings need the prefix 'kafka.'");
            }
        }

        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> setting : settings) {
            String text = raw.getOrDefault(setting.key(), setting.defaultValue());
            if (text != null) {
                values.put(setting, setting.parse(text));
            }
        }
        return new NowcastConfig(values, Collections.unmodifiableMap(kafka));
    }

    /** The value of {@code setting}; for an optional setting that is unset, {@code null}. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting) && setting.defaultValue() != null) {
            throw new IllegalArgumentException(setting.key() + " is not a setting of this command");
        }
        return (T) values.get(setting);
    }

    public boolean isSet(Setting<?> setting) {
        return values.containsKey(setting);
    }

    /** The {@code kafka.*} settings, prefix removed, in key order. */
    public Map<String, String> kafkaSettings() {
        return kafka;
    }

    /**
     * Settings for a plain Kafka client: the bootstrap servers and every un-prefixed {@code kafka.*} setting
     * (security included); Kafka Streams' prefixed forms ({@code consumer.}, ...) are left out.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>();
        kafka.forEach((k, v) -> {
            if (!isStreamsPrefixed(k)) {
                config.put(k, v);
            }
        });
        config.put("bootstrap.servers", get(CommonSettings.BOOTSTRAP_SERVERS));
        return config;
    }

    /** Settings for the registry serdes and client: URL and credentials, in Confluent's keys. */
    public Map<String, Object> registryConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", get(CommonSettings.SCHEMA_REGISTRY_URL));
        String userInfo = get(CommonSettings.SCHEMA_REGISTRY_USER_INFO);
        if (userInfo != null) {
            config.put("basic.auth.credentials.source", "USER_INFO");
            config.put("basic.auth.user.info", userInfo);
        }
        String token = get(CommonSettings.SCHEMA_REGISTRY_BEARER_TOKEN);
        if (token != null) {
            config.put("bearer.auth.credentials.source", "STATIC_TOKEN");
            config.put("bearer.auth.token", token);
        }
        return config;
    }

    /**
     * Lets a Kafka config class ({@code StreamsConfig::new}, {@code ProducerConfig::new}, ...) parse the
     * pass-through values together with {@code base}, and turns its complaint into a {@link ConfigException}
     * naming the {@code kafka.*} setting.
     */
    public void checkKafkaValues(Map<String, Object> base, Function<Map<String, Object>, ?> kafkaConfig) {
        Map<String, Object> probe = new HashMap<>(base);
        probe.putAll(kafka);
        try {
            kafkaConfig.apply(probe);
        } catch (org.apache.kafka.common.config.ConfigException e) {
            String culprit = kafka.keySet().stream().filter(k -> e.getMessage().contains(k))
                    .max((a, b) -> Integer.compare(a.length(), b.length()))
                    .map(k -> KAFKA_PREFIX + k).orElse("kafka.*");
            throw new ConfigException(culprit, e.getMessage(), e);
        }
    }

    private static boolean isStreamsPrefixed(String key) {
        for (String prefix : Set.of("consumer.", "main.consumer.", "restore.consumer.", "global.consumer.",
                "producer.", "admin.", "topic.")) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code NOWCAST_HTTP_PORT} sets {@code nowcast.http.port}; {@code NOWCAST_KAFKA_SECURITY_PROTOCOL} sets
     * {@code kafka.security.protocol} (underscores become dots; Kafka setting names have none).
     */
    static Map<String, String> fromEnvironment(Map<String, String> env, List<Setting<?>> settings) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            String value = env.get(setting.envVar());
            if (value != null) {
                result.put(setting.key(), value);
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKA_ENV_PREFIX)) {
                result.put(KAFKA_PREFIX + name.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT)
                        .replace('_', '.'), value);
            }
        });
        return result;
    }

    private static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }
}
