package dev.nowcast.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.apache.avro.Schema;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link SchemaRegistryClient} over HTTP, speaking Confluent's REST API with the JDK's {@link HttpClient}.
 * Works against Confluent's server and Apicurio Registry's {@code /apis/ccompat/v7} API.
 *
 * <p>Every request is tried on the configured URLs in turn, starting with the one that last answered: a 5xx or
 * 429 reply, a timeout or a connection error is retried (up to {@code max.retries} times, waiting
 * {@code retries.wait.ms} doubled per retry with jitter, at most {@code retries.max.wait.ms}, or what a 429/503
 * {@code Retry-After} asks within that bound) and then reported as a {@link RegistryUnavailableException}; any
 * other non-2xx reply is final and reported at once as a {@link SchemaRegistryException}.
 *
 * <p>Differences between the two servers that this client smooths over: Apicurio answers a subject without a
 * compatibility level of its own with 200 and {@code NONE} where Confluent answers 404/40408 (both fall back to
 * the global level here), answers a compatibility check on a subject without versions with 40402 (treated as
 * compatible, like Confluent), and replies {@code application/json} rather than
 * {@code application/vnd.schemaregistry.v1+json}.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Confluent's own client sends: its media types first, plain JSON (Apicurio's) last. */
    static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, "
            + "application/json; qs=0.5";
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String CONFLUENT_MEDIA_TYPE = "application/vnd.schemaregistry";
    /** Longest excerpt of a non-JSON error reply quoted in an exception. */
    private static final int MAX_QUOTED_BODY = 200;
    private static final long FOREVER = -1;

    private final List<RegistryClientConfig.Endpoint> endpoints;
    private final Map<String, String> extraHeaders;
    private final HttpClient http;
    private final Duration readTimeout;
    private final int maxRetries;
    private final long retriesWaitMillis;
    private final long retriesMaxWaitMillis;
    /** How long a subject's latest version is cached, or {@link #FOREVER}. */
    private final long latestTtlNanos;
    private volatile int preferredEndpoint;

    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, RegisteredSchema>> lookupsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, RegisteredSchema>> versionsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Cached> latestBySubject = new ConcurrentHashMap<>();

    private record Cached(RegisteredSchema value, long cachedAtNanos) {
    }

    /** A reply of the registry: status, media type and body. */
    private record Reply(int status, String contentType, String body) {
    }

    /** A client configured by {@code configs} (see {@link RegistryClientConfig}). */
    public HttpSchemaRegistryClient(Map<String, ?> configs) {
        this(new RegistryClientConfig(configs), null);
    }

    /**
     * A client configured by {@code configs} that uses {@code sslContext} for https URLs, whatever the
     * {@code schema.registry.ssl.*} keys say.
     */
    public HttpSchemaRegistryClient(Map<String, ?> configs, SSLContext sslContext) {
        this(new RegistryClientConfig(configs), sslContext);
    }

    HttpSchemaRegistryClient(RegistryClientConfig config) {
        this(config, null);
    }

    private HttpSchemaRegistryClient(RegistryClientConfig config, SSLContext sslContext) {
        this.endpoints = config.endpoints();
        this.extraHeaders = config.extraHeaders();
        this.readTimeout = config.readTimeout();
        this.maxRetries = config.maxRetries();
        this.retriesWaitMillis = config.retriesWait().toMillis();
        this.retriesMaxWaitMillis = config.retriesMaxWait().toMillis();
        Duration ttl = config.latestCacheTtl();
        this.latestTtlNanos = ttl.isNegative() ? FOREVER : ttl.toNanos();
        SSLContext tls = sslContext != null ? sslContext : config.sslContext();
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Registries speak HTTP/1.1; an h2c upgrade attempt only costs a round trip (or confuses proxies).
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode reply;
        try {
            reply = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                    "register a schema under subject '" + subject + "'");
        } catch (SchemaRegistryException e) {
            if (e.errorCode() != SchemaRegistryException.INCOMPATIBLE_SCHEMA) {
                throw e;
            }
            // Apicurio answers 409 to the loser of two concurrent first registrations under a subject (the
            // artifact now exists); if the schema is there, that was the race, not an incompatibility.
            return registeredAfterConflict(subject, schema, e);
        }
        int id = reply.path("id").asInt(-1);
        if (id < 0) {
            throw malformed("register a schema under subject '" + subject + "'", reply);
        }
        ids.putIfAbsent(schema, id);
        return id;
    }

    private int registeredAfterConflict(String subject, Schema schema, SchemaRegistryException conflict) {
        try {
            return lookup(subject, schema).id();
        } catch (SchemaRegistryException notThere) {
            throw conflict;
        }
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String what = "fetch schema id " + id;
        JsonNode reply = send("GET", "/schemas/ids/" + id, null, what);
        Schema schema = parse(reply, what, "schema id " + id);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public RegisteredSchema latestVersion(String subject) {
        Cached cached = latestBySubject.get(subject);
        if (cached != null && (latestTtlNanos == FOREVER || System.nanoTime() - cached.cachedAtNanos() < latestTtlNanos)) {
            return cached.value();
        }
        long fetchedAt = System.nanoTime();
        RegisteredSchema latest = fetchVersion(subject, "latest");
        if (latestTtlNanos != 0) {
            latestBySubject.put(subject, new Cached(latest, fetchedAt));
        }
        return latest;
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        Map<Integer, RegisteredSchema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        RegisteredSchema cached = versions.get(version);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema fetched = fetchVersion(subject, Integer.toString(version));
        versions.putIfAbsent(version, fetched);
        return fetched;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        Map<Schema, RegisteredSchema> lookups = lookupsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        RegisteredSchema cached = lookups.get(schema);
        if (cached != null) {
            return cached;
        }
        String what = "look up a schema under subject '" + subject + "'";
        JsonNode reply = send("POST", "/subjects/" + encode(subject), schemaBody(schema), what);
        RegisteredSchema found = registered(reply, subject, what);
        lookups.putIfAbsent(schema, found);
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).putIfAbsent(schema, found.id());
        return found;
    }

    @Override
    public CompatibilityCheck checkCompatibility(String subject, Schema schema) {
        String what = "check compatibility of a schema with subject '" + subject + "'";
        JsonNode reply;
        try {
            reply = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                    schemaBody(schema), what);
        } catch (SchemaRegistryException e) {
            // A subject without versions accepts anything: Confluent says so, Apicurio answers 40402 (no 'latest').
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return new CompatibilityCheck(true, List.of());
            }
            throw e;
        }
        if (!reply.path("is_compatible").isBoolean()) {
            throw malformed(what, reply);
        }
        List<String> messages = new ArrayList<>();
        reply.path("messages").forEach(m -> messages.add(m.asText()));
        // Apicurio explains itself in "reason" rather than Confluent's "messages".
        if (reply.path("reason").isTextual()) {
            messages.add(reply.path("reason").asText());
        }
        return new CompatibilityCheck(reply.path("is_compatible").asBoolean(), messages);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        String what = "read the compatibility level of subject '" + subject + "'";
        Reply reply;
        try {
            reply = exchange("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null, what);
        } catch (SchemaRegistryException e) {
            // Confluent: 40408, the subject has no level of its own; Apicurio: 40401, the subject does not exist.
            if (e.errorCode() == SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED
                    || e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND) {
                return globalCompatibility();
            }
            throw e;
        }
        CompatibilityLevel level = level(json(reply, what), what);
        // Apicurio's ccompat API reports NONE for a subject without a rule of its own, and then enforces the
        // global rule (setting a subject to NONE does not switch checks off either): NONE from Apicurio means
        // "not set here". Confluent's server, which marks its replies with its own media type, means NONE.
        if (level == CompatibilityLevel.NONE && !reply.contentType().startsWith(CONFLUENT_MEDIA_TYPE)) {
            return globalCompatibility();
        }
        return level;
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        send("PUT", "/config/" + encode(subject), levelBody(level),
                "set the compatibility level of subject '" + subject + "' to " + level);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        String what = "read the global compatibility level";
        return level(send("GET", "/config", null, what), what);
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        send("PUT", "/config", levelBody(level), "set the global compatibility level to " + level);
    }

    @Override
    public List<String> subjects() {
        String what = "list subjects";
        JsonNode reply = send("GET", "/subjects", null, what);
        if (!reply.isArray()) {
            throw malformed(what, reply);
        }
        List<String> subjects = new ArrayList<>();
        reply.forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    @Override
    public List<Integer> versions(String subject) {
        String what = "list the versions of subject '" + subject + "'";
        JsonNode reply = send("GET", "/subjects/" + encode(subject) + "/versions", null, what);
        if (!reply.isArray()) {
            throw malformed(what, reply);
        }
        List<Integer> versions = new ArrayList<>();
        reply.forEach(v -> versions.add(v.asInt()));
        versions.sort(null);
        return versions;
    }

    @Override
    public void close() {
        schemasById.clear();
        idsBySubject.clear();
        lookupsBySubject.clear();
        versionsBySubject.clear();
        latestBySubject.clear();
    }

    @Override
    public String toString() {
        return "HttpSchemaRegistryClient" + endpoints.stream().map(e -> e.baseUri().toString()).toList();
    }

    private RegisteredSchema fetchVersion(String subject, String version) {
        String what = "fetch version " + version + " of subject '" + subject + "'";
        JsonNode reply = send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null, what);
        return registered(reply, subject, what);
    }

    private RegisteredSchema registered(JsonNode reply, String subject, String what) {
        int id = reply.path("id").asInt(-1);
        int version = reply.path("version").asInt(-1);
        if (id < 0 || version < 0) {
            throw malformed(what, reply);
        }
        return new RegisteredSchema(reply.path("subject").asText(subject), version, id,
                parse(reply, what, "version " + version + " of subject '" + subject + "' (schema id " + id + ")"));
    }

    /** The Avro schema in a reply's "schema" field; INVALID_SCHEMA when the registry holds something else there. */
    private Schema parse(JsonNode reply, String what, String which) {
        String type = reply.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException("Cannot use " + which + ": it is a " + type + " schema, not Avro",
                    200, SchemaRegistryException.INVALID_SCHEMA, "schemaType " + type);
        }
        if (reply.path("references").size() > 0) {
            throw new SchemaRegistryException("Cannot use " + which + ": it refers to other schemas (schema "
                    + "references), which this client does not resolve", 200, SchemaRegistryException.INVALID_SCHEMA,
                    "references " + reply.path("references"));
        }
        if (!reply.path("schema").isTextual()) {
            throw malformed(what, reply);
        }
        try {
            return new Schema.Parser().parse(reply.path("schema").asText());
        } catch (RuntimeException e) {
            // Not only SchemaParseException: Avro's parser fails with a NullPointerException on undefined names.
            throw new SchemaRegistryException("Cannot use " + which + ": not a valid Avro schema: " + e.getMessage(),
                    200, SchemaRegistryException.INVALID_SCHEMA, e.getMessage());
        }
    }

    private CompatibilityLevel level(JsonNode reply, String what) {
        // GET answers {"compatibilityLevel": ...}, PUT echoes {"compatibility": ...}.
        JsonNode level = reply.has("compatibilityLevel") ? reply.get("compatibilityLevel") : reply.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw malformed(what, reply);
        }
        try {
            return CompatibilityLevel.parse(level.asText());
        } catch (IllegalArgumentException e) {
            throw malformed(what, reply);
        }
    }

    private static String schemaBody(Schema schema) {
        ObjectNode body = JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private static String levelBody(CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode();
        body.put("compatibility", level.name());
        return body.toString();
    }

    /** A path segment: subjects may contain anything, including '/' and spaces. */
    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private SchemaRegistryException malformed(String what, JsonNode reply) {
        String body = reply.toString();
        return new SchemaRegistryException("Cannot " + what + " at " + this + ": unexpected reply " + quote(body),
                200, SchemaRegistryException.NO_ERROR_CODE, body);
    }

    private JsonNode send(String method, String path, String body, String what) {
        return json(exchange(method, path, body, what), what);
    }

    private JsonNode json(Reply reply, String what) {
        try {
            return JSON.readTree(reply.body());
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Cannot " + what + " at " + this + ": the reply is not JSON: "
                    + quote(reply.body()), reply.status(), SchemaRegistryException.NO_ERROR_CODE, reply.body());
        }
    }

    /**
     * Sends the request until it gets a definite answer or the retry policy gives up. Returns a 2xx reply;
     * throws {@link SchemaRegistryException} for any other definite answer, {@link RegistryUnavailableException}
     * when giving up.
     */
    private Reply exchange(String method, String path, String body, String what) {
        int attempt = 0;
        int endpointIndex = preferredEndpoint;
        while (true) {
            RegistryClientConfig.Endpoint endpoint = endpoints.get(endpointIndex);
            URI uri = URI.create(endpoint.baseUri() + path);
            String failure;
            int status = 0;
            IOException error = null;
            OptionalLong retryAfterSeconds = OptionalLong.empty();
            try {
                HttpResponse<String> response = http.send(request(method, uri, body, endpoint),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                status = response.statusCode();
                String contentType = response.headers().firstValue("Content-Type").orElse("");
                if (status >= 200 && status < 300) {
                    preferredEndpoint = endpointIndex;
                    return new Reply(status, contentType, response.body());
                }
                if (status < 500 && status != 429) {
                    throw definiteError(method, uri, what, status, response.body());
                }
                failure = "HTTP " + status + " " + quote(response.body());
                retryAfterSeconds = response.headers().firstValueAsLong("Retry-After");
            } catch (SSLHandshakeException e) {
                // Certificates do not fix themselves: a failed handshake is a configuration error, not retried.
                throw new SslAuthenticationException("Cannot " + what + ": the TLS handshake with " + uri
                        + " failed: " + e.getMessage(), e);
            } catch (IOException e) {
                error = e;
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException("Interrupted while trying to " + what + " at " + uri, e);
            }
            attempt++;
            if (attempt > maxRetries) {
                throw new RegistryUnavailableException("Cannot " + what + ": the schema registry did not answer after "
                        + attempt + " attempt(s); last: " + method + " " + uri + " failed with " + failure,
                        status, attempt, error);
            }
            long waitMillis = backoffMillis(attempt, retryAfterSeconds);
            LOG.warn("Schema registry request {} {} failed ({}); retry {} of {} in {} ms", method, uri, failure,
                    attempt, maxRetries, waitMillis);
            sleep(waitMillis, what);
            endpointIndex = (endpointIndex + 1) % endpoints.size();
        }
    }

    private HttpRequest request(String method, URI uri, String body, RegistryClientConfig.Endpoint endpoint) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(readTimeout)
                .header("Accept", ACCEPT);
        if (endpoint.authorization() != null) {
            request.header("Authorization", endpoint.authorization());
        }
        extraHeaders.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return request.build();
    }

    private SchemaRegistryException definiteError(String method, URI uri, String what, int status, String body) {
        int errorCode = SchemaRegistryException.NO_ERROR_CODE;
        String message = body;
        try {
            JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(SchemaRegistryException.NO_ERROR_CODE);
                message = error.path("message").asText(body);
            }
        } catch (JsonProcessingException e) {
            // Not the registry's JSON error (a proxy's page, say): quote the start of it below.
        }
        return new SchemaRegistryException("Cannot " + what + ": the schema registry answered " + method + " " + uri
                + " with HTTP " + status + (errorCode == SchemaRegistryException.NO_ERROR_CODE ? "" : " error_code " + errorCode)
                + ": " + quote(message), status, errorCode, message);
    }

    /**
     * Exponential backoff with jitter (so that many clients failing together do not retry together), bounded by
     * {@code retries.max.wait.ms}; a Retry-After header asks for a specific wait, granted within the same bound.
     */
    private long backoffMillis(int retry, OptionalLong retryAfterSeconds) {
        if (retryAfterSeconds.isPresent()) {
            return Math.min(retriesMaxWaitMillis, Math.max(0, retryAfterSeconds.getAsLong()) * 1000);
        }
        double exponential = retriesWaitMillis * Math.pow(2, retry - 1);
        double jitter = 0.8 + 0.2 * ThreadLocalRandom.current().nextDouble();
        return (long) Math.min(retriesMaxWaitMillis, exponential * jitter);
    }

    private static void sleep(long millis, String what) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("Interrupted while waiting to retry: " + what, e);
        }
    }

    private static String quote(String body) {
        String trimmed = body == null ? "" : body.strip();
        return "'" + (trimmed.length() > MAX_QUOTED_BODY ? trimmed.substring(0, MAX_QUOTED_BODY) + "..." : trimmed) + "'";
    }
}
