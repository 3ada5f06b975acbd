package dev.nowcast.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;

/**
 * A schema registry in memory that behaves like Confluent's for the calls of {@link SchemaRegistryClient}: ids
 * are registry-wide and shared by identical schemas (same {@link Schema#toString() normalised JSON}) across
 * subjects, versions count from 1 per subject, registering checks the subject's compatibility level (the global
 * level, BACKWARD unless set, applies to subjects without one) and errors carry the same HTTP status and
 * {@code error_code} as Confluent's server (40401 subject not found, 40402 version not found, 40403 schema not
 * found, 409 incompatible, 42201 invalid schema, 42202 invalid version).
 *
 * <p>For unit tests of code that uses the serdes: {@code schema.registry.url=mock://SCOPE} makes every serde and
 * client of the JVM configured with that URL share {@link #forScope(String) the registry of SCOPE}, as with
 * Confluent's serdes, so a test can register schemas or inspect what a topology registered. Thread-safe.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId = 1;

    /** An empty registry of its own (not shared through a scope). */
    public InMemorySchemaRegistry() {
    }

    /** The registry of {@code scope}, shared by the JVM; created empty on first use. */
    public static InMemorySchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistry());
    }

    /** Forgets the registry of {@code scope}: the next {@link #forScope(String)} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String text = validated(schema).toString();
        List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        for (RegisteredSchema existing : versions) {
            if (existing.schema().toString().equals(text)) {
                return existing.id();
            }
        }
        List<String> problems = AvroCompatibility.check(compatibility(subject), schema, history(versions));
        if (!problems.isEmpty()) {
            throw error(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with"
                    + " an earlier schema for subject \"" + subject + "\", details: " + problems);
        }
        int id = idsBySchemaText.computeIfAbsent(text, t -> nextId++);
        schemasById.putIfAbsent(id, schema);
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(new RegisteredSchema(subject, version, id, schema));
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw error(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latestVersion(String subject) {
        List<RegisteredSchema> versions = versionsOf(subject);
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        if (version == -1) {
            return latestVersion(subject);
        }
        if (version < 1) {
            throw error(422, SchemaRegistryException.INVALID_VERSION, "The specified version '" + version
                    + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
        }
        return versionsOf(subject).stream().filter(v -> v.version() == version).findFirst()
                .orElseThrow(() -> error(404, SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found."));
    }

    @Override
    public synchronized RegisteredSchema lookup(String subject, Schema schema) {
        String text = schema.toString();
        return versionsOf(subject).stream().filter(v -> v.schema().toString().equals(text)).findFirst()
                .orElseThrow(() -> error(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found"));
    }

    @Override
    public synchronized CompatibilityCheck checkCompatibility(String subject, Schema schema) {
        List<String> problems = AvroCompatibility.check(compatibility(subject), validated(schema),
                history(subjects.getOrDefault(subject, List.of())));
        return new CompatibilityCheck(problems.isEmpty(), problems);
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(subject, level);
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(subjects.keySet());
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return versionsOf(subject).stream().map(RegisteredSchema::version).toList();
    }

    /** Nothing to release: the registry lives on for the other clients of its scope. */
    @Override
    public void close() {
    }

    private List<RegisteredSchema> versionsOf(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null) {
            throw error(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private static List<Schema> history(List<RegisteredSchema> versions) {
        return versions.stream().map(RegisteredSchema::schema).toList();
    }

    /**
     * The schema as the registry would see it, re-parsed from its JSON with the parser's full validation: a
     * schema built in code with checks switched off (an invalid default, say) is rejected as Confluent would.
     */
    private static Schema validated(Schema schema) {
        try {
            return new Schema.Parser().parse(schema.toString());
        } catch (RuntimeException e) {
            // Not only SchemaParseException: Avro's parser fails with a NullPointerException on undefined names.
            throw error(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema " + schema + ": " + e.getMessage());
        }
    }

    private static SchemaRegistryException error(int status, int errorCode, String message) {
        return new SchemaRegistryException("In-memory schema registry answered HTTP " + status + " error_code "
                + errorCode + ": " + message, status, errorCode, message);
    }
}
