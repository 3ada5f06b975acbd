package dev.nowcast.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.ForecastStep;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.schemas.Samples;

/**
 * The serdes named by class in Kafka client and Kafka Streams configurations, with {@code mock://} standing in for
 * the registry: how other modules' TopologyTestDriver tests use them.
 */
class KafkaConfiguredSerdesTest {

    @RegisterExtension
    final MockRegistry mock = new MockRegistry();

    @Test
    void producerAndConsumerInstantiateAndConfigureThemByName() {
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, KafkaAvroSerializer.class.getName());
        producer.put("schema.registry.url", mock.url());
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, KafkaAvroDeserializer.class.getName());
        consumer.put("schema.registry.url", mock.url());
        consumer.put("specific.avro.reader", "true");
        // Constructing the clients instantiates and configures the serdes; no broker is contacted.
        try (KafkaProducer<String, Object> p = new KafkaProducer<>(producer);
             KafkaConsumer<String, Object> c = new KafkaConsumer<>(consumer)) {
            assertThat(p).isNotNull();
            assertThat(c).isNotNull();
        }
    }

    @Test
    void topologyTestDriverRunsWithDefaultSerdesFromConfig() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, Observation>stream("observations")
                .mapValues(o -> Prediction.newBuilder().setSeriesId(o.getSeriesId()).setModel("m").setModelVersion(1)
                        .setObservedAt(o.getTimestamp()).setObservedValue(o.getValue()).setWarm(false)
                        .setSteps(List.of(ForecastStep.newBuilder().setHorizon(1).setTargetTime(o.getTimestamp())
                                .setMean(o.getValue()).setStddev(0).setP10(o.getValue()).setP50(o.getValue())
                                .setP90(o.getValue()).setProbUp(0.5).build()))
                        .build())
                .to("predictions");
        Properties config = streamsConfig();
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, SpecificAvroSerde.class.getName());

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config);
             SpecificAvroSerde<Observation> observations = new SpecificAvroSerde<>(Observation.class);
             SpecificAvroSerde<Prediction> predictions = new SpecificAvroSerde<>(Prediction.class)) {
            observations.configure(mock.config(), false);
            predictions.configure(mock.config(), false);
            TestInputTopic<String, Observation> in =
                    driver.createInputTopic("observations", new StringSerializer(), observations.serializer());
            TestOutputTopic<String, Prediction> out =
                    driver.createOutputTopic("predictions", new StringDeserializer(), predictions.deserializer());
            in.pipeInput("sensor-17", Samples.observation());
            Prediction prediction = out.readValue();
            assertThat(prediction.getObservedValue()).isEqualTo(21.5);
        }
        assertThat(mock.registry().subjects()).containsExactly("observations-value", "predictions-value");
    }

    @Test
    void poisonRecordsReachTheStreamsDeserializationHandlerWithTheirReason() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("observations", Consumed.with(Serdes.String(), (org.apache.kafka.common.serialization.Serde<Observation>) null))
                .mapValues(Observation::getSeriesId)
                .to("series", Produced.with(Serdes.String(), Serdes.String()));
        Properties config = streamsConfig();
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, SpecificAvroSerde.class.getName());
        config.put("specific.avro.value.type", Observation.class.getName());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, RecordingHandler.class.getName());
        RecordingHandler.REASONS.clear();

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
            var in = driver.createInputTopic("observations", new StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            in.pipeInput("k", new byte[] {7, 1, 2});
            in.pipeInput("k", serialize(Samples.prediction()));
            var out = driver.createOutputTopic("series", new StringDeserializer(), new StringDeserializer());
            in.pipeInput("sensor-17", serialize(Samples.observation()));
            assertThat(out.readValuesToList()).containsExactly("sensor-17");
        }
        assertThat(RecordingHandler.REASONS).containsExactly(DeadLetterReason.WRONG_MAGIC_BYTE, DeadLetterReason.WRONG_SCHEMA);
    }

    private byte[] serialize(SpecificRecord record) {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(mock.config("value.subject.name.strategy", RecordNameStrategy.class), false);
            return serializer.serialize("observations", record);
        }
    }

    private Properties streamsConfig() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "serdes-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class.getName());
        config.put("schema.registry.url", mock.url());
        return config;
    }

    /** What a stream app does with a poison record: dead-letter it by its reason, and carry on. */
    public static final class RecordingHandler implements DeserializationExceptionHandler {
        static final List<DeadLetterReason> REASONS = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                     Exception exception) {
            if (exception instanceof PoisonRecordException poison) {
                REASONS.add(poison.reason());
                return DeserializationHandlerResponse.CONTINUE;
            }
            return DeserializationHandlerResponse.FAIL;
        }

        @Override
        public void configure(java.util.Map<String, ?> configs) {
        }
    }
}
