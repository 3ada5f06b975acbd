package dev.nowcast.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.nowcast.avro.Observation;
import dev.nowcast.schemas.registry.SchemaRegistryException;

/**
 * Records of older and newer schemas read with either schema (Avro schema resolution), and the serializer's
 * auto-register / lookup / use-latest-version choices.
 */
class SchemaEvolutionTest {

    /** v1 of a test record. */
    static final Schema V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "namespace": "dev.nowcast.test", "fields": [
              {"name": "id", "type": "string"},
              {"name": "value", "type": "double"}]}""");
    /** v2: a new field with a default (BACKWARD and FORWARD compatible with v1). */
    static final Schema V2 = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "namespace": "dev.nowcast.test", "fields": [
              {"name": "id", "type": "string"},
              {"name": "value", "type": "double"},
              {"name": "unit", "type": "string", "default": "C"}]}""");

    @RegisterExtension
    final MockRegistry mock = new MockRegistry();

    @Test
    void v1AndV2RecordsAreReadWithEitherSchema() {
        byte[] v1Bytes;
        byte[] v2Bytes;
        try (GenericAvroSerializer serializer = new GenericAvroSerializer()) {
            serializer.configure(mock.config(), false);
            v1Bytes = serializer.serialize("readings", v1("a", 1.0));
            v2Bytes = serializer.serialize("readings", v2("b", 2.0, "K"));
        }
        assertThat(mock.registry().versions("readings-value")).containsExactly(1, 2);

        try (GenericAvroDeserializer asV1 = new GenericAvroDeserializer(V1);
             GenericAvroDeserializer asV2 = new GenericAvroDeserializer(V2);
             GenericAvroDeserializer asWritten = new GenericAvroDeserializer()) {
            asV1.configure(mock.config(), false);
            asV2.configure(mock.config(), false);
            asWritten.configure(mock.config(), false);

            assertThat(asV1.deserialize("readings", v1Bytes).toString()).isEqualTo("{\"id\": \"a\", \"value\": 1.0}");
            assertThat(asV1.deserialize("readings", v2Bytes).toString()).as("a v1 reader ignores the new field")
                    .isEqualTo("{\"id\": \"b\", \"value\": 2.0}");
            assertThat(asV2.deserialize("readings", v1Bytes).toString()).as("a v2 reader fills in the default")
                    .isEqualTo("{\"id\": \"a\", \"value\": 1.0, \"unit\": \"C\"}");
            assertThat(asV2.deserialize("readings", v2Bytes).toString())
                    .isEqualTo("{\"id\": \"b\", \"value\": 2.0, \"unit\": \"K\"}");
            assertThat(asWritten.deserialize("readings", v1Bytes).getSchema()).isEqualTo(V1);
            assertThat(asWritten.deserialize("readings", v2Bytes).getSchema()).isEqualTo(V2);
        }
    }

    @Test
    void specificReaderResolvesOlderAndNewerObservations() {
        Schema older = new Schema.Parser().parse("""
                {"type": "record", "name": "Observation", "namespace": "dev.nowcast.avro", "fields": [
                  {"name": "seriesId", "type": "string"},
                  {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "value", "type": "double"}]}""");
        Schema newer = new Schema.Parser().parse("""
                {"type": "record", "name": "Observation", "namespace": "dev.nowcast.avro", "fields": [
                  {"name": "seriesId", "type": "string"},
                  {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "value", "type": "double"},
                  {"name": "covariates", "type": {"type": "array", "items": "double"}, "default": []},
                  {"name": "quality", "type": ["null", "int"], "default": null}]}""");
        mock.registry().setCompatibility("obs-value", dev.nowcast.schemas.registry.CompatibilityLevel.NONE);
        GenericRecord old = new GenericData.Record(older);
        old.put("seriesId", "s");
        old.put("timestamp", 1_000L);
        old.put("value", 3.0);
        GenericRecord recent = new GenericData.Record(newer);
        recent.put("seriesId", "s");
        recent.put("timestamp", 2_000L);
        recent.put("value", 4.0);
        recent.put("covariates", List.of(9.0));
        recent.put("quality", 5);
        try (GenericAvroSerializer serializer = new GenericAvroSerializer();
             SpecificAvroDeserializer<Observation> deserializer = new SpecificAvroDeserializer<>(Observation.class)) {
            serializer.configure(mock.config(), false);
            deserializer.configure(mock.config(), false);
            assertThat(deserializer.deserialize("obs", serializer.serialize("obs", old))).isEqualTo(
                    Observation.newBuilder().setSeriesId("s").setTimestamp(Instant.ofEpochMilli(1_000)).setValue(3.0).build());
            assertThat(deserializer.deserialize("obs", serializer.serialize("obs", recent))).isEqualTo(
                    Observation.newBuilder().setSeriesId("s").setTimestamp(Instant.ofEpochMilli(2_000)).setValue(4.0)
                            .setCovariates(List.of(9.0)).build());
        }
    }

    @Test
    void withoutAutoRegisterTheSchemaMustAlreadyBeRegistered() {
        try (GenericAvroSerializer serializer = new GenericAvroSerializer()) {
            serializer.configure(mock.config("auto.register.schemas", false), false);
            assertThatThrownBy(() -> serializer.serialize("readings", v1("a", 1.0)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("subject 'readings-value'")
                    .cause().isInstanceOf(SchemaRegistryException.class)
                    .extracting(e -> ((SchemaRegistryException) e).errorCode()).isEqualTo(40401);

            int id = mock.registry().register("readings-value", V1);
            assertThat(schemaId(serializer.serialize("readings", v1("a", 1.0)))).isEqualTo(id);
            assertThatThrownBy(() -> serializer.serialize("readings", v2("a", 1.0, "K")))
                    .cause().extracting(e -> ((SchemaRegistryException) e).errorCode()).isEqualTo(40403);
            assertThat(mock.registry().versions("readings-value")).containsExactly(1);
        }
    }

    @Test
    void useLatestVersionWritesWithTheLatestSchemaConvertingOlderRecords() {
        int v1Id = mock.registry().register("readings-value", V1);
        try (GenericAvroSerializer serializer = new GenericAvroSerializer();
             GenericAvroDeserializer deserializer = new GenericAvroDeserializer()) {
            serializer.configure(mock.config("auto.register.schemas", false, "use.latest.version", true), false);
            deserializer.configure(mock.config(), false);
            assertThat(schemaId(serializer.serialize("readings", v1("a", 1.0)))).isEqualTo(v1Id);

            int v2Id = mock.registry().register("readings-value", V2);
            byte[] converted = serializer.serialize("readings", v1("a", 1.0));
            assertThat(schemaId(converted)).as("the new latest version is picked up").isEqualTo(v2Id);
            assertThat(deserializer.deserialize("readings", converted).toString())
                    .isEqualTo("{\"id\": \"a\", \"value\": 1.0, \"unit\": \"C\"}");
            assertThat(mock.registry().versions("readings-value")).as("nothing registered").containsExactly(1, 2);
        }
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotHoldTheRecord() {
        Schema strict = new Schema.Parser().parse("""
                {"type": "record", "name": "Reading", "namespace": "dev.nowcast.test", "fields": [
                  {"name": "id", "type": "string"},
                  {"name": "value", "type": "double"},
                  {"name": "sensor", "type": "string"}]}""");
        mock.registry().register("readings-value", strict);
        try (GenericAvroSerializer serializer = new GenericAvroSerializer()) {
            serializer.configure(mock.config("auto.register.schemas", false, "use.latest.version", true), false);
            assertThatThrownBy(() -> serializer.serialize("readings", v1("a", 1.0)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("latest version of subject 'readings-value'")
                    .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
        }
    }

    @Test
    void useLatestVersionDeserializerReadsWithTheLatestSchema() {
        byte[] v1Bytes;
        try (GenericAvroSerializer serializer = new GenericAvroSerializer()) {
            serializer.configure(mock.config(), false);
            v1Bytes = serializer.serialize("readings", v1("a", 1.0));
        }
        try (GenericAvroDeserializer deserializer = new GenericAvroDeserializer()) {
            deserializer.configure(mock.config("use.latest.version", true), false);
            assertThat(deserializer.deserialize("readings", v1Bytes).getSchema()).isEqualTo(V1);
            mock.registry().register("readings-value", V2);
            assertThat(deserializer.deserialize("readings", v1Bytes).toString())
                    .isEqualTo("{\"id\": \"a\", \"value\": 1.0, \"unit\": \"C\"}");
        }
    }

    @Test
    void removeJavaPropertiesRegistersTheSchemaAsWritten() {
        try (KafkaAvroSerializer plain = new KafkaAvroSerializer(); KafkaAvroSerializer stripped = new KafkaAvroSerializer()) {
            plain.configure(mock.config(), false);
            stripped.configure(mock.config("avro.remove.java.properties", true), false);
            plain.serialize("as-generated", dev.nowcast.schemas.Samples.observation());
            stripped.serialize("as-written", dev.nowcast.schemas.Samples.observation());
        }
        assertThat(mock.registry().latestVersion("as-generated-value").schema().toString()).contains("avro.java.string");
        assertThat(mock.registry().latestVersion("as-written-value").schema().toString()).doesNotContain("avro.java.string")
                .contains("\"seriesId\",\"type\":\"string\"");
    }

    static GenericRecord v1(String id, double value) {
        GenericRecord record = new GenericData.Record(V1);
        record.put("id", id);
        record.put("value", value);
        return record;
    }

    static GenericRecord v2(String id, double value, String unit) {
        GenericRecord record = new GenericData.Record(V2);
        record.put("id", id);
        record.put("value", value);
        record.put("unit", unit);
        return record;
    }

    static int schemaId(byte[] bytes) {
        return java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt();
    }
}
