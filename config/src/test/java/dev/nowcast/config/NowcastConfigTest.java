package dev.nowcast.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NowcastConfigTest {

    private static final Setting<Integer> PORT = Setting.integer("nowcast.http.port", 8080, 0, 65535, "port");
    private static final Setting<Duration> TIMEOUT = Setting.duration("nowcast.session.timeout", "10s", "timeout");
    private static final Setting<String> OPTIONAL = Setting.custom("nowcast.instance.id", null, "optional", String::trim);
    private static final List<Setting<?>> SETTINGS = settings();

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(CommonSettings.ALL);
        all.addAll(List.of(PORT, TIMEOUT, OPTIONAL));
        return all;
    }

    private static NowcastConfig load(Map<String, String> env, Map<String, String> overrides) {
        return NowcastConfig.load(null, env, overrides, SETTINGS, KafkaPassthrough.clients());
    }

    @Test
    void defaultsAreTheDesignTopics() {
        NowcastConfig config = load(Map.of(), Map.of());
        assertThat(config.get(CommonSettings.TOPIC_PREDICTIONS)).isEqualTo("nowcast.predictions");
        assertThat(config.get(CommonSettings.TOPIC_MODEL_WEIGHTS)).isEqualTo("nowcast.model-weights");
        assertThat(config.get(CommonSettings.MODELS)).containsExactly(
                new ModelBinding("sensors", List.of("nowcast.observations.sensors")),
                new ModelBinding("prices", List.of("nowcast.observations.prices")));
        assertThat(config.isSet(OPTIONAL)).isFalse();
        assertThat(config.get(OPTIONAL)).isNull();
        assertThat(config.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nowcast.properties");
        Files.writeString(file, "nowcast.http.port=7001\nnowcast.bootstrap.servers=file:9092\nnowcast.session.timeout=3m\n");
        NowcastConfig config = NowcastConfig.load(file,
                Map.of("NOWCAST_HTTP_PORT", "7002", "NOWCAST_BOOTSTRAP_SERVERS", "env:9092"),
                Map.of("nowcast.http.port", "7003"), SETTINGS, KafkaPassthrough.clients());
        assertThat(config.get(PORT)).isEqualTo(7003);
        assertThat(config.get(CommonSettings.BOOTSTRAP_SERVERS)).isEqualTo("env:9092");
        assertThat(config.get(TIMEOUT)).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void kafkaSettingsPassThroughToClientsWithTheBootstrapServers() {
        NowcastConfig config = load(Map.of("NOWCAST_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "PATH", "/usr/bin"),
                Map.of("kafka.sasl.mechanism", "SCRAM-SHA-512", "nowcast.bootstrap.servers", "b:9093"));
        assertThat(config.kafkaSettings()).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(config.clientConfig()).containsOnly(Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"), Map.entry("bootstrap.servers", "b:9093"));
    }

    @Test
    void registryCredentialsUseConfluentKeys() {
        NowcastConfig config = load(Map.of("NOWCAST_SCHEMA_REGISTRY_USER_INFO", "alice:secret"),
                Map.of("nowcast.schema.registry.url", "http://127.0.0.1:1/apis/ccompat/v7"));
        assertThat(config.registryConfig()).containsOnly(
                Map.entry("schema.registry.url", "http://127.0.0.1:1/apis/ccompat/v7"),
                Map.entry("basic.auth.credentials.source", "USER_INFO"),
                Map.entry("basic.auth.user.info", "alice:secret"));
        assertThatThrownBy(() -> load(Map.of(), Map.of("nowcast.schema.registry.user-info", "alice")))
                .hasMessageStartingWith("nowcast.schema.registry.user-info:").hasMessageContaining("user:password");
    }

    @Test
    void badValuesFailNamingTheSetting() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("nowcast.http.port", "eighty")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("nowcast.http.port:").hasMessageContaining("eighty");
        assertThatThrownBy(() -> load(Map.of("NOWCAST_HTTP_PORT", "70000"), Map.of()))
                .hasMessageStartingWith("nowcast.http.port:").hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> load(Map.of(), Map.of("nowcast.session.timeout", "-5s")))
                .hasMessageStartingWith("nowcast.session.timeout:");
        assertThatThrownBy(() -> load(Map.of(), Map.of("nowcast.models", "sensors:a,prices:a")))
                .hasMessageStartingWith("nowcast.models:").hasMessageContaining("more than one model");
        assertThatThrownBy(() -> load(Map.of(), Map.of("nowcast.models", "sensors")))
                .hasMessageStartingWith("nowcast.models:").hasMessageContaining("model:topic");
    }

    @Test
    void unknownSettingsAreRejectedWithASuggestion() {
        assertThatThrownBy(() -> load(Map.of(), Map.of("nowcast.http.prot", "80")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown setting").hasMessageContaining("did you mean nowcast.http.port");
        assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.sesion.timeout.ms", "1000")))
                .hasMessageStartingWith("kafka.sesion.timeout.ms:").hasMessageContaining("not a Kafka setting")
                .hasMessageContaining("(did you mean session.timeout.ms?)");
        assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.max.pol.records", "10")))
                .hasMessageContaining("(did you mean max.poll.records?)");
        assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.compresion.type", "lz4")))
                .hasMessageContaining("(did you mean compression.type?)");
        assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.no.such.setting.anywhere", "1")))
                .hasMessageEndingWith("is not a Kafka setting this command accepts");
        assertThatThrownBy(() -> load(Map.of(), Map.of("kafka.bootstrap.servers", "x:9092")))
                .hasMessageContaining("use nowcast.bootstrap.servers (NOWCAST_BOOTSTRAP_SERVERS)");
    }

    @Test
    void kafkaValuesAreCheckedByKafkasOwnConfigClasses() {
        NowcastConfig config = load(Map.of(), Map.of("kafka.acks", "some"));
        assertThatThrownBy(() -> config.checkKafkaValues(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "x:1",
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class),
                ProducerConfig::new))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("kafka.acks:");
    }

    @Test
    void environmentVariableNamesFollowTheKeys() {
        assertThat(CommonSettings.TOPIC_DEAD_LETTERS.envVar()).isEqualTo("NOWCAST_TOPIC_DEAD_LETTERS");
        assertThat(CommonSettings.SCHEMA_REGISTRY_URL.envVar()).isEqualTo("NOWCAST_SCHEMA_REGISTRY_URL");
        assertThat(CommonSettings.BOOTSTRAP_SERVERS.envVar()).isEqualTo("NOWCAST_BOOTSTRAP_SERVERS");
    }
}
