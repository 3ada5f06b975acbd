package dev.nowcast.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.schemas.Samples;

/** Every schema through every serde, and the exact bytes of Confluent's wire format. */
class SerdeRoundTripTest {

    @RegisterExtension
    final MockRegistry mock = new MockRegistry();

    static Stream<SpecificRecord> records() {
        return Samples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("records")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void specificSerdeRoundTripsEverySchema(SpecificRecord record) {
        try (Serde serde = new SpecificAvroSerde(record.getClass())) {
            serde.configure(mock.config(), false);
            byte[] bytes = serde.serializer().serialize("topic", record);
            assertThat(serde.deserializer().deserialize("topic", bytes)).isEqualTo(record);
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void specificReaderFindsTheClassTheWriterNames(SpecificRecord record) {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            serializer.configure(mock.config(), false);
            deserializer.configure(mock.config("specific.avro.reader", true), false);
            assertThat(deserializer.deserialize("topic", serializer.serialize("topic", record))).isEqualTo(record);
        }
    }

    @ParameterizedTest
    @MethodSource("records")
    void genericReaderReadsWhatTheSpecificWriterWrote(SpecificRecord record) {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             GenericAvroDeserializer deserializer = new GenericAvroDeserializer()) {
            serializer.configure(mock.config(), false);
            deserializer.configure(mock.config(), false);
            GenericRecord generic = deserializer.deserialize("topic", serializer.serialize("topic", record));
            assertThat(generic.getSchema().getFullName()).isEqualTo(record.getSchema().getFullName());
            // Generic records carry logical types as their Avro type and strings as Utf8, as Confluent's do.
            assertThat(generic.toString()).isEqualTo(GenericData.get().toString(toGeneric(record)));
        }
    }

    @Test
    void genericSerdeRoundTripsAGenericRecord() {
        GenericRecord record = new GenericData.Record(Observation.SCHEMA$);
        record.put("seriesId", "a");
        record.put("timestamp", 1_000L);
        record.put("value", 2.5);
        record.put("covariates", List.of(1.0));
        try (GenericAvroSerde serde = new GenericAvroSerde()) {
            serde.configure(mock.config(), false);
            GenericRecord back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", record));
            // Observation.SCHEMA$ carries avro.java.string=String, which generic readers honour too.
            assertThat(back.get("seriesId")).isEqualTo("a");
            assertThat(back.get("timestamp")).isEqualTo(1_000L);
            assertThat(back.get("covariates")).isEqualTo(List.of(1.0));
        }
    }

    @Test
    void logicalTypeConvertersGiveJavaTimeInGenericRecords() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             GenericAvroDeserializer deserializer = new GenericAvroDeserializer()) {
            serializer.configure(mock.config(), false);
            deserializer.configure(mock.config("avro.use.logical.type.converters", true), false);
            GenericRecord generic = deserializer.deserialize("t", serializer.serialize("t", Samples.observation()));
            assertThat(generic.get("timestamp")).isEqualTo(Samples.T0);

            GenericRecord withInstant = new GenericData.Record(Observation.SCHEMA$);
            withInstant.put("seriesId", "a");
            withInstant.put("timestamp", Instant.ofEpochMilli(42));
            withInstant.put("value", 1.0);
            withInstant.put("covariates", List.of());
            serializer.configure(mock.config("avro.use.logical.type.converters", true), false);
            assertThat(deserializer.deserialize("t", serializer.serialize("t", withInstant)).get("timestamp"))
                    .isEqualTo(Instant.ofEpochMilli(42));
        }
    }

    @Test
    void writesConfluentsWireFormat() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(mock.config(), false);
            Observation observation = Observation.newBuilder().setSeriesId("a").setTimestamp(Instant.ofEpochMilli(1))
                    .setValue(0.0).build();
            // Make the id need more than one byte, to see the byte order.
            for (int i = 0; i < 300; i++) {
                mock.registry().register("filler-" + i, Schema.createFixed("F" + i, null, "x", 1));
            }
            byte[] bytes = serializer.serialize("wire", observation);
            int id = mock.registry().latestVersion("wire-value").id();
            assertThat(id).isEqualTo(301);
            assertThat(bytes).containsExactly(
                    0, // magic byte
                    0, 0, 1, 45, // 301, big-endian
                    2, 'a', // seriesId: zig-zag length 1, "a"
                    2, // timestamp: zig-zag 1
                    0, 0, 0, 0, 0, 0, 0, 0, // value: 0.0 as little-endian IEEE 754
                    0); // covariates: an empty array
        }
    }

    @Test
    void serializesPrimitivesAsConfluentDoes() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            serializer.configure(mock.config(), true);
            deserializer.configure(mock.config(), true);
            for (Object value : List.of("text", new Utf8("utf8"), 7, 7L, 1.5f, 2.5, true)) {
                String topic = "keys-" + value.getClass().getSimpleName();
                Object back = deserializer.deserialize(topic, serializer.serialize(topic, value));
                assertThat(back.toString()).isEqualTo(value.toString());
            }
            assertThat(deserializer.deserialize("bytes", serializer.serialize("bytes", new byte[] {1, 2})))
                    .isEqualTo(new byte[] {1, 2});
            assertThat(deserializer.deserialize("bytes", serializer.serialize("bytes", ByteBuffer.wrap(new byte[] {3}))))
                    .isEqualTo(new byte[] {3});
            assertThat(mock.registry().latestVersion("keys-Integer-key").schema()).isEqualTo(Schema.create(Schema.Type.INT));
            assertThat(mock.registry().latestVersion("bytes-key").schema()).isEqualTo(Schema.create(Schema.Type.BYTES));
        }
    }

    @Test
    void rejectsValuesThatAreNotAvro() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(mock.config(), false);
            assertThatThrownBy(() -> serializer.serialize("t", new Object()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("java.lang.Object").hasMessageContaining("topic 't'");
        }
    }

    @Test
    void reportsRecordsThatViolateTheirSchema() {
        Observation missingSeries = new Observation();
        missingSeries.setTimestamp(Instant.EPOCH);
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(mock.config(), false);
            assertThatThrownBy(() -> serializer.serialize("obs", missingSeries))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("dev.nowcast.avro.Observation").hasMessageContaining("topic 'obs'")
                    .hasMessageContaining("seriesId");
        }
    }

    @Test
    void specificValueTypeFromTheConfigurationFixesTheReaderClass() {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer();
             KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            serializer.configure(mock.config(), false);
            deserializer.configure(mock.config("specific.avro.value.type", Observation.class), false);
            assertThat(deserializer.deserialize("t", serializer.serialize("t", Samples.observation())))
                    .isEqualTo(Samples.observation());
            assertThatThrownBy(() -> deserializer.configure(mock.config("specific.avro.value.type", String.class.getName()), false))
                    .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                    .hasMessageContaining("specific.avro.value.type").hasMessageContaining("not a SpecificRecord class");
        }
    }

    @Test
    void tombstonesStayNull() {
        try (SpecificAvroSerde<Prediction> serde = new SpecificAvroSerde<>(Prediction.class)) {
            serde.configure(mock.config(), false);
            assertThat(serde.serializer().serialize("t", null)).isNull();
            assertThat(serde.deserializer().deserialize("t", null)).isNull();
        }
    }

    @Test
    void refusesToWorkUnconfigured() {
        Serializer<Object> serializer = new KafkaAvroSerializer();
        Deserializer<Object> deserializer = new KafkaAvroDeserializer();
        assertThatThrownBy(() -> serializer.serialize("t", Samples.observation()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 0, 0, 1}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("configure");
    }

    @Test
    void serdeSharesOneRegistryClientAndUsesAnInjectedOne() {
        var registry = mock.registry();
        try (SpecificAvroSerde<Observation> serde = new SpecificAvroSerde<>(Observation.class, registry)) {
            serde.configure(java.util.Map.of(), false);
            byte[] bytes = serde.serializer().serialize("injected", Samples.observation());
            assertThat(serde.deserializer().deserialize("injected", bytes)).isEqualTo(Samples.observation());
        }
        assertThat(registry.subjects()).containsExactly("injected-value");
    }

    private static GenericRecord toGeneric(SpecificRecord record) {
        // Round trip through plain GenericData, which represents data exactly as the generic deserializer does.
        try {
            var out = new java.io.ByteArrayOutputStream();
            var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
            new org.apache.avro.specific.SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
            return new org.apache.avro.generic.GenericDatumReader<GenericRecord>(record.getSchema())
                    .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
