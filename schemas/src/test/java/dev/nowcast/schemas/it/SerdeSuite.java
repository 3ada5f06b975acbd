package dev.nowcast.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.schemas.Samples;
import dev.nowcast.schemas.registry.CompatibilityLevel;
import dev.nowcast.schemas.registry.HttpSchemaRegistryClient;
import dev.nowcast.schemas.registry.SchemaRegistryException;
import dev.nowcast.schemas.serde.GenericAvroDeserializer;
import dev.nowcast.schemas.serde.GenericAvroSerializer;
import dev.nowcast.schemas.serde.KafkaAvroDeserializer;
import dev.nowcast.schemas.serde.KafkaAvroSerializer;
import dev.nowcast.schemas.serde.PoisonRecordException;
import dev.nowcast.schemas.serde.RecordNameStrategy;
import dev.nowcast.schemas.serde.SpecificAvroSerde;
import dev.nowcast.schemas.serde.TopicRecordNameStrategy;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * The serdes end to end: records produced to and consumed from a real broker, with schemas registered in a real
 * registry. Subjects are unique per test: topics come from {@link TestKafka#createTopic}, record namespaces from
 * {@link TestKafka#uniqueName}.
 */
abstract class SerdeSuite {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void producesAndConsumesEverySchema(TestKafka kafka, TestRegistry registry) throws Exception {
        for (SpecificRecord record : Samples.all()) {
            String topic = kafka.createTopic(record.getSchema().getName().toLowerCase(java.util.Locale.ROOT), 1);
            @SuppressWarnings({"unchecked", "rawtypes"})
            SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde(record.getClass());
            serde.configure(Map.of("schema.registry.url", registry.url()), false);
            produce(kafka, topic, serde.serializer(), List.of(record));
            assertThat(kafka.read(topic, new StringDeserializer(), serde.deserializer(), 1, TIMEOUT))
                    .extracting(ConsumerRecord::value).containsExactly(record);
            serde.close();
        }
    }

    @Test
    void evolvesASchemaAndReadsOldAndNewRecordsWithEitherVersion(TestKafka kafka, TestRegistry registry) throws Exception {
        String topic = kafka.createTopic("evolution", 1);
        Schema v1 = reading("dev.nowcast.it", "");
        Schema v2 = reading("dev.nowcast.it", ", {\"name\": \"unit\", \"type\": \"string\", \"default\": \"C\"}");
        Map<String, Object> config = serdeConfig(registry);
        try (GenericAvroSerializer v1Producer = new GenericAvroSerializer();
             GenericAvroSerializer v2Producer = new GenericAvroSerializer()) {
            v1Producer.configure(config, false);
            v2Producer.configure(config, false);
            produce(kafka, topic, v1Producer, List.of(record(v1, "old", null)));
            produce(kafka, topic, v2Producer, List.of(record(v2, "new", "K")));
        }

        GenericAvroDeserializer v1Reader = new GenericAvroDeserializer(v1);
        v1Reader.configure(config, false);
        assertThat(kafka.read(topic, new StringDeserializer(), v1Reader, 2, TIMEOUT))
                .extracting(r -> r.value().toString())
                .containsExactly("{\"id\": \"old\"}", "{\"id\": \"new\"}");
        GenericAvroDeserializer v2Reader = new GenericAvroDeserializer(v2);
        v2Reader.configure(config, false);
        assertThat(kafka.read(topic, new StringDeserializer(), v2Reader, 2, TIMEOUT))
                .extracting(r -> r.value().toString())
                .containsExactly("{\"id\": \"old\", \"unit\": \"C\"}", "{\"id\": \"new\", \"unit\": \"K\"}");
        GenericAvroDeserializer latestReader = new GenericAvroDeserializer();
        latestReader.configure(serdeConfig(registry, "use.latest.version", true), false);
        assertThat(kafka.read(topic, new StringDeserializer(), latestReader, 2, TIMEOUT))
                .extracting(r -> r.value().get("unit").toString()).containsExactly("C", "K");
    }

    @Test
    void topicRecordNameStrategyCarriesSeveralTypesOnOneTopic(TestKafka kafka, TestRegistry registry) throws Exception {
        String topic = kafka.createTopic("mixed", 1);
        Map<String, Object> producerConfig = serdeConfig(registry,
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(producerConfig, false);
            produce(kafka, topic, serializer, List.of(Samples.observation(), Samples.prediction()));
        }
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
        deserializer.configure(serdeConfig(registry, "specific.avro.reader", true), false);
        assertThat(kafka.read(topic, new StringDeserializer(), deserializer, 2, TIMEOUT))
                .extracting(ConsumerRecord::value).containsExactly(Samples.observation(), Samples.prediction());
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(serdeConfig(registry))) {
            assertThat(client.subjects()).contains(
                    new TopicRecordNameStrategy().subjectName(topic, false, Observation.SCHEMA$),
                    new TopicRecordNameStrategy().subjectName(topic, false, Prediction.SCHEMA$));
        }
    }

    @Test
    void recordNameStrategySharesOneSubjectAcrossTopics(TestKafka kafka, TestRegistry registry) throws Exception {
        String namespace = "dev.nowcast.it." + kafka.uniqueName("ns").replaceAll("[^A-Za-z0-9]", "_");
        Schema schema = reading(namespace, "");
        String first = kafka.createTopic("by-record-a", 1);
        String second = kafka.createTopic("by-record-b", 1);
        Map<String, Object> config = serdeConfig(registry, "value.subject.name.strategy", RecordNameStrategy.class.getName());
        try (GenericAvroSerializer serializer = new GenericAvroSerializer()) {
            serializer.configure(config, false);
            produce(kafka, first, serializer, List.of(record(schema, "a", null)));
            produce(kafka, second, serializer, List.of(record(schema, "b", null)));
        }
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(config)) {
            assertThat(client.versions(namespace + ".Reading")).containsExactly(1);
        }
        GenericAvroDeserializer deserializer = new GenericAvroDeserializer();
        deserializer.configure(config, false);
        assertThat(kafka.read(second, new StringDeserializer(), deserializer, 1, TIMEOUT))
                .extracting(r -> r.value().get("id").toString()).containsExactly("b");
    }

    @Test
    void withoutAutoRegisterUsesTheLatestRegisteredVersion(TestKafka kafka, TestRegistry registry) throws Exception {
        String topic = kafka.createTopic("governed", 1);
        Schema v1 = reading("dev.nowcast.it", "");
        Schema v2 = reading("dev.nowcast.it", ", {\"name\": \"unit\", \"type\": \"string\", \"default\": \"C\"}");
        int v2Id;
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(serdeConfig(registry))) {
            client.register(topic + "-value", v1);
            v2Id = client.register(topic + "-value", v2);
        }
        try (GenericAvroSerializer lookup = new GenericAvroSerializer();
             GenericAvroSerializer latest = new GenericAvroSerializer()) {
            lookup.configure(serdeConfig(registry, "auto.register.schemas", false), false);
            latest.configure(serdeConfig(registry, "auto.register.schemas", false, "use.latest.version", true), false);
            Schema unregistered = reading("dev.nowcast.it", ", {\"name\": \"x\", \"type\": \"int\", \"default\": 0}");
            SerializationException e = catchThrowableOfType(SerializationException.class,
                    () -> lookup.serialize(topic, record(unregistered, "a", null)));
            assertThat(((SchemaRegistryException) e.getCause()).errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);

            produce(kafka, topic, latest, List.of(record(v1, "written-as-v1", null)));
        }
        List<ConsumerRecord<String, byte[]>> raw = kafka.read(topic, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer(), 1, TIMEOUT);
        assertThat(java.nio.ByteBuffer.wrap(raw.get(0).value(), 1, 4).getInt()).isEqualTo(v2Id);
        GenericAvroDeserializer deserializer = new GenericAvroDeserializer();
        deserializer.configure(serdeConfig(registry), false);
        assertThat(kafka.read(topic, new StringDeserializer(), deserializer, 1, TIMEOUT))
                .extracting(r -> r.value().toString()).containsExactly("{\"id\": \"written-as-v1\", \"unit\": \"C\"}");
    }

    @Test
    void theRegistryRejectsAnIncompatibleSchemaWith409(TestKafka kafka, TestRegistry registry) throws Exception {
        String topic = kafka.createTopic("guarded", 1);
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(serdeConfig(registry))) {
            client.register(topic + "-value", reading("dev.nowcast.it", ""));
            client.setCompatibility(topic + "-value", CompatibilityLevel.BACKWARD);
        }
        Schema incompatible = reading("dev.nowcast.it", ", {\"name\": \"sensor\", \"type\": \"string\"}");
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(kafka.producerConfig(),
                new StringSerializer(), configured(new GenericAvroSerializer(), registry))) {
            SerializationException e = catchThrowableOfType(SerializationException.class,
                    () -> producer.send(new ProducerRecord<>(topic, "k", record(incompatible, "a", null))));
            assertThat(e).hasMessageContaining(topic + "-value");
            SchemaRegistryException cause = (SchemaRegistryException) e.getCause();
            assertThat(cause.status()).isEqualTo(409);
            assertThat(cause.errorCode()).isEqualTo(409);
        }
    }

    @Test
    void aConsumerMeetsPoisonRecordsWithTheirReasonAndCanSkipThem(TestKafka kafka, TestRegistry registry) throws Exception {
        String topic = kafka.createTopic("poison", 1);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", new byte[] {'{', '}'})).get();
            producer.send(new ProducerRecord<>(topic, "k", new byte[] {0, 0x7f, 0, 0, 1, 2})).get();
        }
        produce(kafka, topic, configured(new KafkaAvroSerializer(), registry), List.of(Samples.observation()));

        Map<String, Object> config = kafka.consumerConfig();
        config.putAll(serdeConfig(registry, "specific.avro.value.type", Observation.class.getName()));
        try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                configured(new KafkaAvroDeserializer(), registry, "specific.avro.value.type", Observation.class.getName()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            assertThat(poisonAt(consumer).reason()).isEqualTo(DeadLetterReason.WRONG_MAGIC_BYTE);
            consumer.seek(partition, 1);
            assertThat(poisonAt(consumer).reason()).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA_ID);
            consumer.seek(partition, 2);
            List<Object> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            assertThat(values).containsExactly(Samples.observation());
        }
    }

    private static PoisonRecordException poisonAt(KafkaConsumer<String, Object> consumer) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                consumer.poll(Duration.ofMillis(200));
            } catch (RecordDeserializationException e) {
                assertThat(e.getCause()).isInstanceOf(PoisonRecordException.class);
                return (PoisonRecordException) e.getCause();
            }
        }
        throw new AssertionError("No poison record met within " + TIMEOUT);
    }

    static Schema reading(String namespace, String extraFields) {
        return RegistryClientSuite.reading(namespace, extraFields);
    }

    static GenericRecord record(Schema schema, String id, String unit) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", id);
        if (unit != null) {
            record.put("unit", unit);
        }
        return record;
    }

    static Map<String, Object> serdeConfig(TestRegistry registry, Object... more) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", registry.url());
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return config;
    }

    static <S extends org.apache.kafka.common.serialization.Serializer<?>> S configured(S serializer, TestRegistry registry) {
        serializer.configure(serdeConfig(registry), false);
        return serializer;
    }

    static <D extends org.apache.kafka.common.serialization.Deserializer<?>> D configured(D deserializer,
                                                                                        TestRegistry registry, Object... more) {
        deserializer.configure(serdeConfig(registry, more), false);
        return deserializer;
    }

    static <V> void produce(TestKafka kafka, String topic, Serializer<V> serializer, List<? extends V> values)
            throws InterruptedException, ExecutionException {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(),
                new NonClosing<>(serializer))) {
            for (V value : values) {
                producer.send(new ProducerRecord<>(topic, "key", value)).get();
            }
        }
    }

    /** Lets a test reuse a serializer after the producer that used it is closed. */
    private record NonClosing<V>(Serializer<V> delegate) implements Serializer<V> {
        @Override
        public byte[] serialize(String topic, V data) {
            return delegate.serialize(topic, data);
        }

        @Override
        public void close() {
        }
    }
}
