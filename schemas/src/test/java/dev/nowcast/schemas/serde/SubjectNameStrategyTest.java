package dev.nowcast.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.schemas.Samples;

/** Which subject a schema is registered under, for keys and values, under every strategy and every way to name it. */
class SubjectNameStrategyTest {

    @RegisterExtension
    final MockRegistry mock = new MockRegistry();

    @ParameterizedTest(name = "{0} for a {1}")
    @CsvSource({
            "dev.nowcast.schemas.serde.TopicNameStrategy, value, obs-value",
            "dev.nowcast.schemas.serde.TopicNameStrategy, key, obs-key",
            "io.confluent.kafka.serializers.subject.TopicNameStrategy, value, obs-value",
            "dev.nowcast.schemas.serde.RecordNameStrategy, value, dev.nowcast.avro.Observation",
            "io.confluent.kafka.serializers.subject.RecordNameStrategy, key, dev.nowcast.avro.Observation",
            "dev.nowcast.schemas.serde.TopicRecordNameStrategy, value, obs-dev.nowcast.avro.Observation",
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy, key, obs-dev.nowcast.avro.Observation",
    })
    void registersUnderTheStrategysSubject(String strategy, String role, String subject) {
        boolean isKey = role.equals("key");
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            String key = isKey ? "key.subject.name.strategy" : "value.subject.name.strategy";
            serializer.configure(mock.config(key, strategy), isKey);
            deserializer.configure(mock.config(key, strategy, "specific.avro.reader", true), isKey);
            byte[] bytes = serializer.serialize("obs", Samples.observation());
            assertThat(mock.registry().subjects()).containsExactly(subject);
            assertThat(deserializer.deserialize("obs", bytes)).isEqualTo(Samples.observation());
        }
    }

    @Test
    void recordStrategiesLetOneTopicCarrySeveralTypes() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            serializer.configure(mock.config("value.subject.name.strategy", TopicRecordNameStrategy.class), false);
            deserializer.configure(mock.config("specific.avro.reader", true), false);
            byte[] observation = serializer.serialize("mixed", Samples.observation());
            byte[] prediction = serializer.serialize("mixed", Samples.prediction());
            assertThat(mock.registry().subjects())
                    .containsExactly("mixed-dev.nowcast.avro.Observation", "mixed-dev.nowcast.avro.Prediction");
            assertThat(deserializer.deserialize("mixed", observation)).isInstanceOf(Observation.class);
            assertThat(deserializer.deserialize("mixed", prediction)).isInstanceOf(Prediction.class);
        }
    }

    @Test
    void topicStrategyRefusesASecondTypeOnOneTopic() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(mock.config(), false);
            serializer.serialize("one-type", Samples.observation());
            assertThatThrownBy(() -> serializer.serialize("one-type", Samples.prediction()))
                    .hasMessageContaining("subject 'one-type-value'").hasMessageContaining("409");
        }
    }

    @Test
    void acceptsACustomStrategyByClassOrName() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(mock.config("value.subject.name.strategy", UpperCaseStrategy.class.getName()), false);
            serializer.serialize("obs", Samples.observation());
            serializer.configure(mock.config("value.subject.name.strategy", UpperCaseStrategy.class), false);
            serializer.serialize("other", Samples.observation());
        }
        assertThat(mock.registry().subjects()).containsExactly("OBS", "OTHER");
    }

    @Test
    void rejectsAStrategyThatIsMissingOrIsNotOne() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            assertThatThrownBy(() -> serializer.configure(mock.config("value.subject.name.strategy", "no.such.Strategy"), false))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("no.such.Strategy").hasMessageContaining("not found");
            assertThatThrownBy(() -> serializer.configure(mock.config("key.subject.name.strategy", "java.lang.String"), true))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("not a dev.nowcast.schemas.serde.SubjectNameStrategy");
        }
    }

    /** A strategy of the application's own. */
    public static final class UpperCaseStrategy implements SubjectNameStrategy {
        @Override
        public String subjectName(String topic, boolean isKey, Schema schema) {
            return topic.toUpperCase(java.util.Locale.ROOT);
        }
    }
}
