package dev.nowcast.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nowcast.schemas.registry.AvroCompatibility;
import dev.nowcast.schemas.registry.RegisteredSchema;
import dev.nowcast.schemas.registry.RegistryUnavailableException;
import dev.nowcast.schemas.registry.SchemaRegistryClient;
import dev.nowcast.schemas.registry.SchemaRegistryException;

/**
 * Serializes Avro data (SpecificRecord, GenericRecord, or a boxed primitive, String or byte array) in Confluent's
 * wire format; the counterpart of Confluent's {@code io.confluent.kafka.serializers.KafkaAvroSerializer}, with the
 * same configuration keys ({@link AvroSerdeConfig}). A null value serializes to null (a tombstone).
 *
 * <p>Which schema id a record gets: with {@code auto.register.schemas=true} (the default) its schema is registered
 * under the subject the subject name strategy gives; with {@code false} it must already be registered there
 * (looked up); with {@code false} and {@code use.latest.version=true} the subject's latest version is used, the
 * record converted to it through Avro schema resolution if its own schema differs (the latest version must be
 * able to read the record's schema). The id is cached per topic and schema, so the registry is asked once;
 * with use.latest.version, again each time the latest version's cache entry expires.
 *
 * <p>Errors: a {@link SerializationException} for data that cannot be written or a registry refusal (its cause
 * the {@link SchemaRegistryException}); a {@link RegistryUnavailableException} when the registry cannot be
 * reached, which a caller may retry. Thread-safe.
 */
public final class KafkaAvroSerializer implements Serializer<Object> {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAvroSerializer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryClient injectedClient;
    private SchemaRegistryClient client;
    private boolean ownsClient;
    private boolean isKey;
    private SubjectNameStrategy strategy;
    private boolean autoRegister;
    private boolean useLatestVersion;
    private boolean removeJavaProperties;
    private GenericData genericData;
    /** Per topic, per record schema: how to write it. Schema lookups are by identity first (cached hash). */
    private final Map<String, Map<Schema, WriterPlan>> plans = new ConcurrentHashMap<>();

    /** A serializer that creates its registry client from its configuration (Kafka instantiates it this way). */
    public KafkaAvroSerializer() {
        this.injectedClient = null;
    }

    /** A serializer that uses {@code client}; {@link #configure} still reads the other settings. */
    public KafkaAvroSerializer(SchemaRegistryClient client) {
        this.injectedClient = Objects.requireNonNull(client, "client");
    }

    /** A serializer of values that uses {@code client}, configured with {@code configs}. */
    public KafkaAvroSerializer(SchemaRegistryClient client, Map<String, ?> configs) {
        this(client);
        configure(configs, false);
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
        this.autoRegister = config.getBoolean(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
        this.useLatestVersion = config.getBoolean(AvroSerdeConfig.USE_LATEST_VERSION);
        this.removeJavaProperties = config.getBoolean(AvroSerdeConfig.AVRO_REMOVE_JAVA_PROPS);
        this.genericData = AvroData.genericData(config.getBoolean(AvroSerdeConfig.AVRO_USE_LOGICAL_TYPE_CONVERTERS));
        if (autoRegister && useLatestVersion) {
            LOG.warn("{}=true has no effect on a serializer while {}=true (as in Confluent's serializer)",
                    AvroSerdeConfig.USE_LATEST_VERSION, AvroSerdeConfig.AUTO_REGISTER_SCHEMAS);
        }
        // Last, once the settings are known to be valid: an invalid configuration leaves no client behind.
        closeOwnedClient();
        this.ownsClient = sharedClient == null;
        this.client = ownsClient ? SchemaRegistryClient.fromConfigs(configs) : sharedClient;
        plans.clear();
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("KafkaAvroSerializer is not configured: call configure(configs, isKey) first");
        }
        Schema schema = AvroData.schemaOf(data, topic);
        Map<Schema, WriterPlan> byTopic = plans.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        WriterPlan plan = byTopic.get(schema);
        if (plan == null || useLatestVersion && !autoRegister && plan.isStale(client)) {
            plan = plan(topic, schema, data);
            byTopic.put(schema, plan);
        }
        // Avro's bytes are ByteBuffers; Kafka users hand over byte arrays (Confluent's serializer accepts both).
        return plan.write(data instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : data, topic);
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

    private WriterPlan plan(String topic, Schema schema, Object sample) {
        DatumWriter<Object> writer = writerFor(schema, sample);
        String subject = strategy.subjectName(topic, isKey, schema);
        try {
            if (autoRegister) {
                return new WriterPlan(subject, client.register(subject, registered(schema)), writer, null);
            }
            if (!useLatestVersion) {
                return new WriterPlan(subject, client.lookup(subject, registered(schema)).id(), writer, null);
            }
            RegisteredSchema latest = client.latestVersion(subject);
            if (SchemaNormalization.toParsingForm(latest.schema()).equals(SchemaNormalization.toParsingForm(schema))) {
                // Same binary encoding (the parsing canonical form keeps exactly what the encoding depends on).
                return new WriterPlan(subject, latest.id(), writer, null);
            }
            var problems = AvroCompatibility.readProblems(latest.schema(), schema);
            if (!problems.isEmpty()) {
                throw new SerializationException("Cannot serialize a " + schema.getFullName() + " to topic '" + topic
                        + "' with the latest version of subject '" + subject + "' (version " + latest.version()
                        + ", schema id " + latest.id() + "), as use.latest.version asks: that schema cannot represent "
                        + "the record: " + problems);
            }
            return new WriterPlan(subject, latest.id(), writer, new Conversion(schema, latest.schema()));
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot serialize a " + schema.getFullName() + " to topic '" + topic
                    + "' (subject '" + subject + "'): " + e.getMessage(), e);
        } catch (RegistryUnavailableException e) {
            throw new RegistryUnavailableException("Cannot serialize a " + schema.getFullName() + " to topic '" + topic
                    + "' (subject '" + subject + "'): " + e.getMessage(), e.lastStatus(), e.attempts(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumWriter<Object> writerFor(Schema schema, Object sample) {
        if (sample instanceof SpecificRecord) {
            // The generated class's own model carries its logical-type conversions (Instant for timestamp-millis).
            return new SpecificDatumWriter<>(schema, SpecificData.getForClass(sample.getClass()));
        }
        return new GenericDatumWriter<>(schema, genericData);
    }

    /** The schema as registered: without the Java-only string properties of generated classes, if so configured. */
    private Schema registered(Schema schema) {
        if (!removeJavaProperties) {
            return schema;
        }
        try {
            JsonNode json = JSON.readTree(schema.toString());
            stripJavaProperties(json);
            return new Schema.Parser().parse(json.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Avro wrote a schema that is not JSON: " + schema, e);
        }
    }

    private static void stripJavaProperties(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("avro.java.string");
        }
        node.forEach(KafkaAvroSerializer::stripJavaProperties);
    }

    /** How records of one schema are written to one topic: the subject, the schema id, the writer. */
    private static final class WriterPlan {
        private final String subject;
        private final int schemaId;
        private final DatumWriter<Object> writer;
        /** With use.latest.version, when the latest version differs from the record's own schema. */
        private final Conversion conversion;

        WriterPlan(String subject, int schemaId, DatumWriter<Object> writer, Conversion conversion) {
            this.subject = subject;
            this.schemaId = schemaId;
            this.writer = writer;
            this.conversion = conversion;
        }

        /** Whether the subject's latest version (cached by the client) is no longer the one this plan writes. */
        boolean isStale(SchemaRegistryClient client) {
            return client.latestVersion(subject).id() != schemaId;
        }

        byte[] write(Object data, String topic) {
            WireFormat wire = WireFormat.forThisThread();
            WireFormat.ByteSink sink = wire.startRecord(schemaId);
            try {
                if (conversion == null) {
                    writer.write(data, wire.encoder(sink));
                } else {
                    conversion.write(writer, data, sink);
                }
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("Cannot serialize a " + describe(data) + " to topic '" + topic
                        + "' with schema id " + schemaId + " (subject '" + subject + "'): " + e.getMessage(), e);
            }
            return sink.toByteArray();
        }

        private static String describe(Object data) {
            return data instanceof org.apache.avro.generic.GenericContainer c ? c.getSchema().getFullName()
                    : data.getClass().getName();
        }
    }

    /**
     * Converts a record to another (compatible) schema the Avro way: written with its own schema, read back with
     * the target schema as reader (fields matched by name, defaults filled in), written with the target schema.
     * Only for use.latest.version when the latest version differs from the record's schema: not the hot path.
     */
    private static final class Conversion {
        private final DatumReader<Object> toTarget;
        private final DatumWriter<Object> targetWriter;

        Conversion(Schema own, Schema target) {
            GenericData plain = AvroData.genericData(false);
            this.toTarget = new GenericDatumReader<>(own, target, plain);
            this.targetWriter = new GenericDatumWriter<>(target, plain);
        }

        void write(DatumWriter<Object> ownWriter, Object data, WireFormat.ByteSink sink) throws IOException {
            ByteArrayOutputStream own = new ByteArrayOutputStream();
            var encoder = EncoderFactory.get().directBinaryEncoder(own, null);
            ownWriter.write(data, encoder);
            Object converted = toTarget.read(null, DecoderFactory.get().binaryDecoder(own.toByteArray(), null));
            targetWriter.write(converted, EncoderFactory.get().directBinaryEncoder(sink, null));
        }
    }
}
