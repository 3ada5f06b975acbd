package dev.nowcast.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.schemas.registry.AvroCompatibility;
import dev.nowcast.schemas.registry.RegisteredSchema;
import dev.nowcast.schemas.registry.RegistryUnavailableException;
import dev.nowcast.schemas.registry.SchemaRegistryClient;
import dev.nowcast.schemas.registry.SchemaRegistryException;

/**
 * Deserializes Confluent's wire format into Avro data; the counterpart of Confluent's
 * {@code io.confluent.kafka.serializers.KafkaAvroDeserializer}, with the same configuration keys
 * ({@link AvroSerdeConfig}).
 *
 * <p>The writer's schema comes from the registry by the id in the record (cached for good); the reader's schema
 * is, in order: the SpecificRecord class given in code or by {@code specific.avro.key.type} /
 * {@code specific.avro.value.type}; with {@code specific.avro.reader=true}, the generated class the writer's
 * schema names; a reader schema given in code ({@link GenericAvroDeserializer#GenericAvroDeserializer(Schema)});
 * with {@code use.latest.version=true}, the latest version of the record's subject; else the writer's schema
 * itself (a GenericRecord as written). Writer and reader are reconciled by Avro schema resolution, so a reader
 * reads records of older and newer compatible schemas.
 *
 * <p>Outcomes: a null value (a tombstone) gives null, as Kafka expects of a deserializer. A record that is not
 * readable gives a {@link PoisonRecordException} naming the {@link DeadLetterReason}: MALFORMED (empty, truncated,
 * corrupt, trailing bytes), WRONG_MAGIC_BYTE, UNKNOWN_SCHEMA_ID (the registry answered 40403) or WRONG_SCHEMA (a
 * record of another type, or of a schema the reader cannot resolve, or not an Avro schema). A registry that cannot
 * be reached gives a {@link RegistryUnavailableException}: retry later, the record may be fine. Any other registry
 * refusal (bad credentials, wrong URL) gives a {@link SerializationException} caused by the
 * {@link SchemaRegistryException}: a misconfiguration, not a bad record. Thread-safe.
 */
public final class KafkaAvroDeserializer implements Deserializer<Object> {

    /** How the reader is chosen: as configured, or fixed by a typed wrapper whatever the configuration says. */
    enum Reading {
        AS_CONFIGURED, GENERIC, SPECIFIC
    }

    private final SchemaRegistryClient injectedClient;
    private final Reading reading;
    /** The SpecificRecord class to read into, when a typed wrapper fixes it. */
    private final Class<?> fixedType;
    /** The reader schema of generic reading, when a typed wrapper fixes it. */
    private final Schema fixedReaderSchema;

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private SubjectNameStrategy strategy;
    private Class<?> specificType;
    private boolean specificReader;
    private boolean useLatestVersion;
    private GenericData genericData;
    private FastReaderBuilder genericReaders;
    /** Per topic, per writer schema id: how to read it (or why it cannot be read). */
    private final Map<String, Map<Integer, ReaderPlan>> plans = new ConcurrentHashMap<>();

    /** A deserializer that creates its registry client from its configuration (Kafka instantiates it this way). */
    public KafkaAvroDeserializer() {
        this(null, Reading.AS_CONFIGURED, null, null);
    }

    /** A deserializer that uses {@code client}; {@link #configure} still reads the other settings. */
    public KafkaAvroDeserializer(SchemaRegistryClient client) {
        this(Objects.requireNonNull(client, "client"), Reading.AS_CONFIGURED, null, null);
    }

    /** A deserializer of values that uses {@code client}, configured with {@code configs}. */
    public KafkaAvroDeserializer(SchemaRegistryClient client, Map<String, ?> configs) {
        this(client);
        configure(configs, false);
    }

    /**
     * For the typed wrappers: read as {@code reading} says, into {@code fixedType} if not null (SPECIFIC), with
     * {@code fixedReaderSchema} if not null (GENERIC).
     */
    KafkaAvroDeserializer(SchemaRegistryClient client, Reading reading, Class<?> fixedType, Schema fixedReaderSchema) {
        this.injectedClient = client;
        this.reading = reading;
        this.fixedType = fixedType;
        this.fixedReaderSchema = fixedReaderSchema;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        configure(configs, isKey, injectedClient);
    }

    /** Configures with {@code sharedClient} (not closed by this object), or a client of its own when null. */
    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient sharedClient) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        this.isKey = isKey;
        this.strategy = config.subjectNameStrategy(isKey);
        this.useLatestVersion = config.getBoolean(AvroSerdeConfig.USE_LATEST_VERSION);
        this.genericData = AvroData.genericData(config.getBoolean(AvroSerdeConfig.AVRO_USE_LOGICAL_TYPE_CONVERTERS));
        this.genericReaders = new FastReaderBuilder(genericData);
        this.specificType = reading == Reading.GENERIC ? null : fixedType != null ? fixedType : config.specificType(isKey);
        this.specificReader = switch (reading) {
            case GENERIC -> false;
            case SPECIFIC -> true;
            case AS_CONFIGURED -> specificType != null || config.getBoolean(AvroSerdeConfig.SPECIFIC_AVRO_READER);
        };
        if (specificType != null && !SpecificRecord.class.isAssignableFrom(specificType)) {
            throw new ConfigException(
                    isKey ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE,
                    specificType.getName(), "not a SpecificRecord class");
        }
        // Last, once the settings are known to be valid: an invalid configuration leaves no client behind.
        closeOwnedClient();
        this.ownsClient = sharedClient == null;
        this.client = ownsClient ? SchemaRegistryClient.fromConfigs(configs) : sharedClient;
        plans.clear();
    }

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("KafkaAvroDeserializer is not configured: call configure(configs, isKey) first");
        }
        if (data.length == 0) {
            throw poison(DeadLetterReason.MALFORMED, topic, "the value is empty (0 bytes), not even a magic byte");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw poison(DeadLetterReason.WRONG_MAGIC_BYTE, topic, String.format(
                    "the first byte is 0x%02x, not the magic byte 0x00 of Confluent's wire format", data[0] & 0xff));
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw poison(DeadLetterReason.MALFORMED, topic, "only " + data.length
                    + " bytes: too short for the magic byte and the 4-byte schema id");
        }
        int schemaId = WireFormat.schemaId(data);
        ReaderPlan plan = plan(topic, schemaId);
        WireFormat wire = WireFormat.forThisThread();
        BinaryDecoder decoder = wire.decoder(data);
        Object value;
        try {
            value = plan.reader.read(null, wire.bounded(decoder, plan.boundArrays));
            if (!decoder.isEnd()) {
                throw new BoundedDecoder.MalformedDataException(decoder.inputStream().available()
                        + " bytes are left over after the record");
            }
        } catch (IOException | RuntimeException e) {
            // Avro reports corrupt data as EOF, negative lengths, bad union or enum indexes, and the like.
            throw poison(DeadLetterReason.MALFORMED, topic, "cannot decode " + data.length + " bytes with schema id "
                    + schemaId + " (" + plan.writerSchema.getFullName() + "): " + describe(e), e);
        }
        // A top-level bytes value comes back as the byte array Kafka users expect, as from Confluent's deserializer.
        return value instanceof ByteBuffer buffer ? toArray(buffer) : value;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        closeOwnedClient();
        plans.clear();
    }

    private void closeOwnedClient() {
        if (client != null && ownsClient) {
            client.close();
        }
        client = null;
    }

    private ReaderPlan plan(String topic, int schemaId) {
        Map<Integer, ReaderPlan> byId = plans.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        ReaderPlan plan = byId.get(schemaId);
        if (plan == null || plan.latest != null && latest(topic, schemaId, plan.writerSchema).id() != plan.latest.id()) {
            plan = newPlan(topic, schemaId);
            byId.put(schemaId, plan);
        }
        if (plan.unreadable != null) {
            throw poison(DeadLetterReason.WRONG_SCHEMA, topic, "schema id " + schemaId + ": " + plan.unreadable);
        }
        return plan;
    }

    private ReaderPlan newPlan(String topic, int schemaId) {
        Schema writer;
        try {
            writer = client.schemaById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
                throw poison(DeadLetterReason.UNKNOWN_SCHEMA_ID, topic, "schema id " + schemaId
                        + " is not in the schema registry (" + e.registryMessage() + ")", e);
            }
            if (e.errorCode() == SchemaRegistryException.INVALID_SCHEMA) {
                throw poison(DeadLetterReason.WRONG_SCHEMA, topic, e.getMessage(), e);
            }
            throw misconfigured(topic, schemaId, e);
        } catch (RegistryUnavailableException e) {
            throw unavailable(topic, schemaId, e);
        }

        Class<?> readerClass = specificType;
        if (readerClass == null && specificReader && writer.getType() == Schema.Type.RECORD) {
            readerClass = SpecificData.get().getClass(writer);
            if (readerClass == null || !SpecificRecord.class.isAssignableFrom(readerClass)) {
                return ReaderPlan.unreadable(writer, null, "the writer's schema " + writer.getFullName()
                        + " names no generated SpecificRecord class on the classpath");
            }
        }
        Schema reader;
        RegisteredSchema latest = null;
        GenericData model;
        if (readerClass != null) {
            SpecificData specific = SpecificData.getForClass(readerClass);
            model = specific;
            reader = specific.getSchema(readerClass);
        } else {
            model = genericData;
            if (fixedReaderSchema != null) {
                reader = fixedReaderSchema;
            } else if (useLatestVersion) {
                latest = latest(topic, schemaId, writer);
                reader = latest.schema();
            } else {
                reader = writer;
            }
        }
        if (reader != writer) {
            List<String> problems = AvroCompatibility.readProblems(reader, writer);
            if (!problems.isEmpty()) {
                return ReaderPlan.unreadable(writer, latest, "a record of " + writer.getFullName()
                        + " cannot be read as " + reader.getFullName() + ": " + problems);
            }
        }
        try {
            FastReaderBuilder builder = readerClass != null ? new FastReaderBuilder(model) : genericReaders;
            DatumReader<Object> datumReader = builder.createDatumReader(writer, reader);
            return new ReaderPlan(writer, datumReader, !AvroData.hasArraysOfEmptyItems(writer), null, latest);
        } catch (IOException | RuntimeException e) {
            return ReaderPlan.unreadable(writer, latest, "Avro cannot resolve writer " + writer.getFullName()
                    + " against reader " + reader.getFullName() + ": " + describe(e));
        }
    }

    /** The latest version of the record's subject, the reader schema under use.latest.version. */
    private RegisteredSchema latest(String topic, int schemaId, Schema writer) {
        String subject = strategy.subjectName(topic, isKey, writer);
        try {
            return client.latestVersion(subject);
        } catch (SchemaRegistryException e) {
            throw misconfigured(topic, schemaId, e);
        } catch (RegistryUnavailableException e) {
            throw unavailable(topic, schemaId, e);
        }
    }

    private static SerializationException misconfigured(String topic, int schemaId, SchemaRegistryException e) {
        return new SerializationException("Cannot deserialize a record of topic '" + topic + "' (schema id " + schemaId
                + "): " + e.getMessage(), e);
    }

    private static RegistryUnavailableException unavailable(String topic, int schemaId, RegistryUnavailableException e) {
        return new RegistryUnavailableException("Cannot deserialize a record of topic '" + topic + "' (schema id "
                + schemaId + "): " + e.getMessage(), e.lastStatus(), e.attempts(), e);
    }

    private static PoisonRecordException poison(DeadLetterReason reason, String topic, String detail) {
        return poison(reason, topic, detail, null);
    }

    private static PoisonRecordException poison(DeadLetterReason reason, String topic, String detail, Throwable cause) {
        return new PoisonRecordException(reason, "topic '" + topic + "': " + detail, cause);
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /**
     * How to read records of one writer schema id on one topic, or why they cannot be read (a WRONG_SCHEMA verdict
     * is as permanent as the schemas, so it is cached too).
     */
    private static final class ReaderPlan {
        final Schema writerSchema;
        final DatumReader<Object> reader;
        final boolean boundArrays;
        /** Why records of this schema id cannot be read, or null. */
        final String unreadable;
        /** The subject's latest version this plan was made for, under use.latest.version; else null. */
        final RegisteredSchema latest;

        ReaderPlan(Schema writerSchema, DatumReader<Object> reader, boolean boundArrays, String unreadable,
                   RegisteredSchema latest) {
            this.writerSchema = writerSchema;
            this.reader = reader;
            this.boundArrays = boundArrays;
            this.unreadable = unreadable;
            this.latest = latest;
        }

        static ReaderPlan unreadable(Schema writerSchema, RegisteredSchema latest, String why) {
            return new ReaderPlan(writerSchema, null, false, why, latest);
        }
    }
}
