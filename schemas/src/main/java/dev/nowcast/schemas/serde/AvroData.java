package dev.nowcast.schemas.serde;

import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;

import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.errors.SerializationException;

/** What the serdes need to know about Avro data and schemas. */
final class AvroData {

    private static final Map<Class<?>, Schema> PRIMITIVES = Map.of(
            Boolean.class, Schema.create(Schema.Type.BOOLEAN),
            Integer.class, Schema.create(Schema.Type.INT),
            Long.class, Schema.create(Schema.Type.LONG),
            Float.class, Schema.create(Schema.Type.FLOAT),
            Double.class, Schema.create(Schema.Type.DOUBLE),
            String.class, Schema.create(Schema.Type.STRING),
            org.apache.avro.util.Utf8.class, Schema.create(Schema.Type.STRING),
            byte[].class, Schema.create(Schema.Type.BYTES));

    private static final GenericData PLAIN = new GenericData();
    private static final GenericData WITH_LOGICAL_TYPES = new GenericData();

    static {
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new Conversions.DecimalConversion());
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new Conversions.UUIDConversion());
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new TimeConversions.DateConversion());
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        WITH_LOGICAL_TYPES.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
    }

    private AvroData() {
    }

    /**
     * The data model of generic records: plain (logical types as their underlying Avro types, as Confluent's serdes
     * do by default) or with Java types for logical types.
     */
    static GenericData genericData(boolean logicalTypes) {
        return logicalTypes ? WITH_LOGICAL_TYPES : PLAIN;
    }

    /**
     * The schema to write {@code value} with: a record's (generic or specific) own schema, or the Avro primitive
     * of a boxed Java primitive, string or byte array, as Confluent's serializer accepts them.
     */
    static Schema schemaOf(Object value, String topic) {
        if (value instanceof GenericContainer container) {
            return container.getSchema();
        }
        Schema primitive = PRIMITIVES.get(value.getClass());
        if (primitive != null) {
            return primitive;
        }
        if (value instanceof ByteBuffer) {
            return PRIMITIVES.get(byte[].class);
        }
        throw new SerializationException("Cannot serialize a " + value.getClass().getName() + " to topic '" + topic
                + "' as Avro: expected a GenericRecord, a SpecificRecord, a boxed primitive, a String or bytes");
    }

    /**
     * Whether some array in {@code schema} has items that can encode to no bytes at all (null, a record of such
     * fields, a zero-size fixed); then an array's item count is not bounded by the bytes left.
     */
    static boolean hasArraysOfEmptyItems(Schema schema) {
        return hasArraysOfEmptyItems(schema, new IdentityHashMap<>());
    }

    private static boolean hasArraysOfEmptyItems(Schema schema, Map<Schema, Boolean> seen) {
        if (seen.put(schema, Boolean.TRUE) != null) {
            return false;
        }
        return switch (schema.getType()) {
            case ARRAY -> canBeEmpty(schema.getElementType(), new IdentityHashMap<>())
                    || hasArraysOfEmptyItems(schema.getElementType(), seen);
            case MAP -> hasArraysOfEmptyItems(schema.getValueType(), seen);
            case UNION -> schema.getTypes().stream().anyMatch(t -> hasArraysOfEmptyItems(t, seen));
            case RECORD -> schema.getFields().stream().anyMatch(f -> hasArraysOfEmptyItems(f.schema(), seen));
            default -> false;
        };
    }

    /** Whether a value of {@code schema} can encode to zero bytes. */
    private static boolean canBeEmpty(Schema schema, Map<Schema, Boolean> seen) {
        if (seen.put(schema, Boolean.TRUE) != null) {
            // A record that contains itself needs at least a union index or a count to stop: not empty.
            return false;
        }
        return switch (schema.getType()) {
            case NULL -> true;
            case FIXED -> schema.getFixedSize() == 0;
            case RECORD -> schema.getFields().stream().allMatch(f -> canBeEmpty(f.schema(), seen));
            default -> false;
        };
    }
}
