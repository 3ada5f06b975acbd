package dev.nowcast.schemas.serde;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;

import dev.nowcast.schemas.registry.RegistryClientConfig;

/**
 * The serdes' settings, under Confluent's keys, read out of a whole Kafka client (or Streams) configuration; the
 * registry client's keys ({@link RegistryClientConfig}) are part of it.
 */
public final class AvroSerdeConfig extends AbstractConfig {

    /** Register the record's schema under its subject when serializing (default true). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    /**
     * With {@code auto.register.schemas=false}: serialize with the subject's latest version rather than looking
     * up the record's own schema (a record of an older compatible schema is converted). For a generic
     * deserializer: read with the subject's latest version as the reader schema. Default false.
     */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    /** Subject name strategy for keys: a class name, ours or Confluent's. Default {@link TopicNameStrategy}. */
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    /** Subject name strategy for values: a class name, ours or Confluent's. Default {@link TopicNameStrategy}. */
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** Deserialize into the generated SpecificRecord class the writer's schema names (default false: generic). */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    /** Deserialize keys into this SpecificRecord class (its schema is the reader schema). */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    /** Deserialize values into this SpecificRecord class (its schema is the reader schema). */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";
    /** Map Avro logical types to Java types (Instant, LocalDate, BigDecimal, UUID) in generic records. */
    public static final String AVRO_USE_LOGICAL_TYPE_CONVERTERS = "avro.use.logical.type.converters";
    /** Strip the {@code avro.java.string} properties of generated classes from the schema sent to the registry. */
    public static final String AVRO_REMOVE_JAVA_PROPS = "avro.remove.java.properties";

    /** Confluent's strategy class names, which are not on our classpath, mapped to ours. */
    private static final Map<String, String> CONFLUENT_STRATEGIES = Map.of(
            "io.confluent.kafka.serializers.subject.TopicNameStrategy", TopicNameStrategy.class.getName(),
            "io.confluent.kafka.serializers.subject.RecordNameStrategy", RecordNameStrategy.class.getName(),
            "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy", TopicRecordNameStrategy.class.getName());

    private static final ConfigDef CONFIG_DEF = RegistryClientConfig.addTo(new ConfigDef())
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the record's schema under its subject when serializing.")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Serializer (with auto.register.schemas=false): write with the subject's latest version. "
                            + "Generic deserializer: read with the subject's latest version.")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, TopicNameStrategy.class.getName(), Importance.MEDIUM,
                    "Subject name strategy for keys (class name; Confluent's names are accepted).")
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, TopicNameStrategy.class.getName(), Importance.MEDIUM,
                    "Subject name strategy for values (class name; Confluent's names are accepted).")
            .define(SPECIFIC_AVRO_READER, Type.BOOLEAN, false, Importance.LOW,
                    "Deserialize into the generated SpecificRecord class the writer's schema names.")
            .define(SPECIFIC_AVRO_KEY_TYPE, Type.CLASS, null, Importance.LOW,
                    "Deserialize keys into this SpecificRecord class.")
            .define(SPECIFIC_AVRO_VALUE_TYPE, Type.CLASS, null, Importance.LOW,
                    "Deserialize values into this SpecificRecord class.")
            .define(AVRO_USE_LOGICAL_TYPE_CONVERTERS, Type.BOOLEAN, false, Importance.LOW,
                    "Map Avro logical types to Java types in generic records.")
            .define(AVRO_REMOVE_JAVA_PROPS, Type.BOOLEAN, false, Importance.LOW,
                    "Strip avro.java.string properties from the schema sent to the registry.");

    /** Reads the serde settings out of {@code configs}. */
    public AvroSerdeConfig(Map<String, ?> configs) {
        super(CONFIG_DEF, normalised(configs), false);
    }

    /** The subject name strategy configured for keys or values. */
    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        String key = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
        String className = getString(key);
        String resolved = CONFLUENT_STRATEGIES.getOrDefault(className, className);
        Class<?> type;
        try {
            type = Utils.loadClass(resolved, Object.class);
        } catch (ClassNotFoundException e) {
            throw new ConfigException(key, className, "class not found");
        }
        if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
            throw new ConfigException(key, className, "not a " + SubjectNameStrategy.class.getName());
        }
        return (SubjectNameStrategy) Utils.newInstance(type);
    }

    /** The SpecificRecord class configured for keys or values, or null. */
    public Class<?> specificType(boolean isKey) {
        return getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE : SPECIFIC_AVRO_VALUE_TYPE);
    }

    /** Strategies may be given as Class objects (as Kafka allows for class-valued settings): use their names. */
    private static Map<String, ?> normalised(Map<String, ?> configs) {
        Map<String, Object> copy = new HashMap<>(configs);
        for (String key : new String[] {KEY_SUBJECT_NAME_STRATEGY, VALUE_SUBJECT_NAME_STRATEGY}) {
            if (copy.get(key) instanceof Class<?> type) {
                copy.put(key, type.getName());
            }
        }
        return copy;
    }
}
