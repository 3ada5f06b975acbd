package dev.nowcast.schemas.registry;

import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;

/**
 * A client of a schema registry speaking Confluent's REST API, for Avro schemas.
 *
 * <p>Implementations are thread-safe. Every method either returns the registry's answer or throws: a
 * {@link SchemaRegistryException} for the registry's definite answer (subject not found, incompatible schema,
 * unauthorised, ...), a {@link RegistryUnavailableException} when the registry could not answer within the
 * retry policy.
 *
 * <p>What is cached, as in Confluent's client: a schema by id for good (ids are immutable), the id of a schema
 * registered or looked up under a subject for good, a subject's version by number for good, and the latest
 * version of a subject for a configurable time ({@code latest.cache.ttl.sec}).
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} (a new version unless the subject already has it) and returns
     * its registry-wide id. Cached: registering the same schema again does not ask the registry.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#INCOMPATIBLE_SCHEMA} when the subject's
     *                                 compatibility level rejects it, {@link SchemaRegistryException#INVALID_SCHEMA}
     *                                 when the registry finds it invalid
     */
    int register(String subject, Schema schema);

    /**
     * The schema with registry-wide id {@code id}. Cached for good.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SCHEMA_NOT_FOUND} when no schema has the
     *                                 id, {@link SchemaRegistryException#INVALID_SCHEMA} when the registry holds a
     *                                 schema under that id that is not a usable Avro schema (another schema type,
     *                                 schema references)
     */
    Schema schemaById(int id);

    /**
     * The latest version of {@code subject}. Cached for {@code latest.cache.ttl.sec}.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SUBJECT_NOT_FOUND} when the subject has
     *                                 no versions
     */
    RegisteredSchema latestVersion(String subject);

    /**
     * Version {@code version} of {@code subject}. Cached for good.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SUBJECT_NOT_FOUND} or
     *                                 {@link SchemaRegistryException#VERSION_NOT_FOUND}
     */
    RegisteredSchema version(String subject, int version);

    /**
     * The version of {@code subject} that holds {@code schema}, without registering anything. Cached for good.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SUBJECT_NOT_FOUND} when the subject does
     *                                 not exist, {@link SchemaRegistryException#SCHEMA_NOT_FOUND} when the subject
     *                                 does not hold the schema
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * Whether {@code schema} could be registered under {@code subject} without breaking the subject's compatibility
     * level. A subject without versions accepts any schema.
     */
    CompatibilityCheck checkCompatibility(String subject, Schema schema);

    /**
     * The compatibility level that applies to {@code subject}: its own if it has one, else the global level.
     */
    CompatibilityLevel compatibility(String subject);

    /** Sets the compatibility level of {@code subject}. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** The global compatibility level, which applies to subjects without one of their own. */
    CompatibilityLevel globalCompatibility();

    /** Sets the global compatibility level. */
    void setGlobalCompatibility(CompatibilityLevel level);

    /** Every subject with at least one version. */
    List<String> subjects();

    /**
     * The version numbers of {@code subject}, ascending.
     *
     * @throws SchemaRegistryException with {@link SchemaRegistryException#SUBJECT_NOT_FOUND}
     */
    List<Integer> versions(String subject);

    /** Releases the client's resources; an in-memory registry stays available to others of its scope. */
    @Override
    void close();

    /**
     * A client configured the Kafka way, from {@code schema.registry.url} and the other keys of
     * {@link RegistryClientConfig}: {@code mock://SCOPE} gives the {@link InMemorySchemaRegistry} of that scope
     * (shared by every client of the JVM naming it), anything else an {@link HttpSchemaRegistryClient}.
     */
    static SchemaRegistryClient fromConfigs(Map<String, ?> configs) {
        RegistryClientConfig config = new RegistryClientConfig(configs);
        String mockScope = config.mockScope();
        return mockScope != null ? InMemorySchemaRegistry.forScope(mockScope) : new HttpSchemaRegistryClient(config);
    }
}
