package dev.nowcast.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of a schema registry client, under the configuration keys Confluent's client uses, so that the
 * same producer, consumer and Streams properties work with either. Unknown keys are ignored: a client reads its
 * settings out of a whole Kafka client configuration.
 *
 * <p>TLS: an {@code https://} URL uses the JVM's default {@link SSLContext} (the standard JSSE settings,
 * {@code javax.net.ssl.trustStore} and friends) unless the {@code schema.registry.ssl.*} keys name a trust store
 * or key store, or the code passes its own {@link SSLContext} to {@link HttpSchemaRegistryClient}.
 */
public final class RegistryClientConfig extends AbstractConfig {

    /** Comma-separated base URLs of the registry; {@code mock://SCOPE} selects the in-memory registry of SCOPE. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Where basic-auth credentials come from: {@code URL} (user info in the URL, the default) or {@code USER_INFO}. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    /** {@code user:password} for basic auth when the credentials source is {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Where the bearer token comes from; {@code STATIC_TOKEN} (the only source supported) uses {@link #BEARER_AUTH_TOKEN}. */
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    /** A bearer token sent as {@code Authorization: Bearer ...}. */
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    /** Confluent Cloud's logical cluster id, sent as the {@code target-sr-cluster} header with bearer auth. */
    public static final String BEARER_AUTH_LOGICAL_CLUSTER = "bearer.auth.logical.cluster";
    /** Confluent Cloud's identity pool id, sent as the {@code Confluent-Identity-Pool-Id} header with bearer auth. */
    public static final String BEARER_AUTH_IDENTITY_POOL_ID = "bearer.auth.identity.pool.id";
    /** Connect timeout of each HTTP attempt, in milliseconds. */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    /** Time allowed for the registry's reply to each HTTP attempt, in milliseconds. */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    /** Retries after a 5xx, a 429, a timeout or a connection error; other replies are never retried. */
    public static final String MAX_RETRIES = "max.retries";
    /** Wait before the first retry, in milliseconds; each further retry waits twice as long. */
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    /** Longest wait before any retry, in milliseconds. */
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    /** How long the latest version of a subject is cached, in seconds; -1 caches it for good, 0 not at all. */
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

    /** Prefix of the TLS keys, which otherwise are Kafka's {@code ssl.*} keys (as in Confluent's client). */
    public static final String SSL_PREFIX = "schema.registry.";
    /** SSLContext protocol used with the stores below (default {@code TLS}). */
    public static final String SSL_PROTOCOL = SSL_PREFIX + SslConfigs.SSL_PROTOCOL_CONFIG;
    /** Trust store for https URLs; without it (and without a key store) the JVM's default SSLContext applies. */
    public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG;
    /** Password of the trust store. */
    public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG;
    /** Type of the trust store (default JKS). */
    public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG;
    /** Key store with the client certificate, for mutual TLS. */
    public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG;
    /** Password of the key store. */
    public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG;
    /** Type of the key store (default JKS). */
    public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + SslConfigs.SSL_KEYSTORE_TYPE_CONFIG;
    /** Password of the private key (defaults to the key store's). */
    public static final String SSL_KEY_PASSWORD = SSL_PREFIX + SslConfigs.SSL_KEY_PASSWORD_CONFIG;
    /** Must be {@code https} (the default): the JDK HTTP client always verifies the host name. */
    public static final String SSL_ENDPOINT_IDENTIFICATION_ALGORITHM =
            SSL_PREFIX + SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG;

    private static final String MOCK_SCHEME = "mock://";
    private static final ConfigDef CONFIG_DEF = addTo(new ConfigDef());

    /** A registry base URL and the {@code Authorization} header to send to it, if any. */
    record Endpoint(URI baseUri, String authorization) {
    }

    /** Reads the client settings out of {@code configs} (a whole Kafka client configuration is fine). */
    public RegistryClientConfig(Map<?, ?> configs) {
        super(CONFIG_DEF, configs, false);
        validateAuth();
    }

    /** Adds the client's keys to {@code def}, for configurations that embed a registry client (the serdes'). */
    public static ConfigDef addTo(ConfigDef def) {
        return def
                .define(SCHEMA_REGISTRY_URL, Type.LIST, List.of(), Importance.HIGH,
                        "Comma-separated base URLs of the schema registry (Confluent's REST API, e.g. "
                                + "http://host:8081 or Apicurio's http://host:8080/apis/ccompat/v7); mock://SCOPE selects "
                                + "the in-memory registry of SCOPE, shared by the JVM.")
                .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, "URL",
                        ConfigDef.ValidString.in("URL", "USER_INFO"), Importance.MEDIUM,
                        "Where basic-auth credentials come from: URL (the user info of each URL) or USER_INFO ("
                                + BASIC_AUTH_USER_INFO + ").")
                .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                        "user:password for basic auth, with " + BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO.")
                .define(BEARER_AUTH_CREDENTIALS_SOURCE, Type.STRING, "STATIC_TOKEN",
                        ConfigDef.ValidString.in("STATIC_TOKEN"), Importance.MEDIUM,
                        "Where the bearer token comes from: STATIC_TOKEN (" + BEARER_AUTH_TOKEN + ").")
                .define(BEARER_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                        "Bearer token sent as 'Authorization: Bearer <token>'.")
                .define(BEARER_AUTH_LOGICAL_CLUSTER, Type.STRING, null, Importance.LOW,
                        "Logical cluster id sent as the target-sr-cluster header (Confluent Cloud).")
                .define(BEARER_AUTH_IDENTITY_POOL_ID, Type.STRING, null, Importance.LOW,
                        "Identity pool id sent as the Confluent-Identity-Pool-Id header (Confluent Cloud).")
                .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, 10_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Connect timeout of each HTTP attempt, in milliseconds.")
                .define(HTTP_READ_TIMEOUT_MS, Type.INT, 30_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "Time allowed for the registry's reply to each HTTP attempt, in milliseconds.")
                .define(MAX_RETRIES, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Retries after a 5xx or 429 reply, a timeout or a connection error; other replies are final.")
                .define(RETRIES_WAIT_MS, Type.INT, 1_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Wait before the first retry, in milliseconds; each further retry waits twice as long.")
                .define(RETRIES_MAX_WAIT_MS, Type.INT, 20_000, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Longest wait before any retry, in milliseconds (also caps a 429's Retry-After).")
                .define(LATEST_CACHE_TTL_SEC, Type.LONG, 60L, ConfigDef.Range.atLeast(-1), Importance.LOW,
                        "How long the latest version of a subject is cached, in seconds; -1 for good, 0 not at all.")
                .define(SSL_PROTOCOL, Type.STRING, "TLS", Importance.LOW,
                        "SSLContext protocol used with the " + SSL_PREFIX + "ssl.* stores.")
                .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                        "Trust store for https registry URLs; without it the JVM's default trust applies.")
                .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the trust store.")
                .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "JKS", Importance.LOW, "Type of the trust store (JKS, PKCS12).")
                .define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                        "Key store holding the client certificate for mutual TLS.")
                .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Password of the key store.")
                .define(SSL_KEYSTORE_TYPE, Type.STRING, "JKS", Importance.LOW, "Type of the key store (JKS, PKCS12).")
                .define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                        "Password of the private key in the key store (defaults to the key store's password).")
                .define(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, Type.STRING, "https", Importance.LOW,
                        "Must be https: the JDK HTTP client always verifies the registry's host name.");
    }

    /** The scope of a {@code mock://SCOPE} URL, or null when the URL names a real registry. */
    public String mockScope() {
        List<String> urls = getList(SCHEMA_REGISTRY_URL);
        String mock = urls.stream().filter(u -> u.startsWith(MOCK_SCHEME)).findFirst().orElse(null);
        if (mock == null) {
            return null;
        }
        if (urls.size() > 1) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, urls, "a mock:// URL cannot be combined with other URLs");
        }
        return mock.substring(MOCK_SCHEME.length());
    }

    /** The registry endpoints, in the configured order, each with its Authorization header (or null). */
    List<Endpoint> endpoints() {
        List<String> urls = getList(SCHEMA_REGISTRY_URL);
        if (urls.isEmpty()) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                    + "\": the base URL(s) of the schema registry");
        }
        String sharedAuthorization = sharedAuthorization();
        List<Endpoint> endpoints = new ArrayList<>();
        for (String url : urls) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, url, "not a URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, url, "expected http://host[:port][/path] or https://...");
            }
            String authorization = sharedAuthorization;
            if (uri.getRawUserInfo() != null) {
                if ("URL".equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE)) && authorization == null) {
                    authorization = basic(URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8));
                }
                // The credentials travel in the header only, never in the request line or in error messages.
                uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawUserInfo().length() + 1)
                        + (uri.getRawPath() == null ? "" : uri.getRawPath()));
            }
            String base = uri.toString();
            endpoints.add(new Endpoint(URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base),
                    authorization));
        }
        return endpoints;
    }

    /** Extra headers of every request (Confluent Cloud's routing headers). */
    Map<String, String> extraHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (getString(BEARER_AUTH_LOGICAL_CLUSTER) != null) {
            headers.put("target-sr-cluster", getString(BEARER_AUTH_LOGICAL_CLUSTER));
        }
        if (getString(BEARER_AUTH_IDENTITY_POOL_ID) != null) {
            headers.put("Confluent-Identity-Pool-Id", getString(BEARER_AUTH_IDENTITY_POOL_ID));
        }
        return headers;
    }

    /**
     * The SSLContext the {@code schema.registry.ssl.*} stores describe, or null when none is configured (then
     * the JVM's default applies).
     */
    SSLContext sslContext() {
        String trustStore = getString(SSL_TRUSTSTORE_LOCATION);
        String keyStore = getString(SSL_KEYSTORE_LOCATION);
        if (trustStore == null && keyStore == null) {
            return null;
        }
        try {
            TrustManagerFactory trust = null;
            if (trustStore != null) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(SSL_TRUSTSTORE_LOCATION, trustStore, getString(SSL_TRUSTSTORE_TYPE),
                        getPassword(SSL_TRUSTSTORE_PASSWORD)));
            }
            KeyManagerFactory keys = null;
            if (keyStore != null) {
                Password storePassword = getPassword(SSL_KEYSTORE_PASSWORD);
                Password keyPassword = getPassword(SSL_KEY_PASSWORD) != null ? getPassword(SSL_KEY_PASSWORD) : storePassword;
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(SSL_KEYSTORE_LOCATION, keyStore, getString(SSL_KEYSTORE_TYPE), storePassword),
                        keyPassword == null ? null : keyPassword.value().toCharArray());
            }
            SSLContext context = SSLContext.getInstance(getString(SSL_PROTOCOL));
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("Cannot set up TLS for the schema registry from the " + SSL_PREFIX
                    + "ssl.* settings: " + e.getMessage());
        }
    }

    Duration connectTimeout() {
        return Duration.ofMillis(getInt(HTTP_CONNECT_TIMEOUT_MS));
    }

    Duration readTimeout() {
        return Duration.ofMillis(getInt(HTTP_READ_TIMEOUT_MS));
    }

    int maxRetries() {
        return getInt(MAX_RETRIES);
    }

    Duration retriesWait() {
        return Duration.ofMillis(getInt(RETRIES_WAIT_MS));
    }

    Duration retriesMaxWait() {
        return Duration.ofMillis(getInt(RETRIES_MAX_WAIT_MS));
    }

    /** How long the latest version of a subject is cached; negative for good. */
    Duration latestCacheTtl() {
        long seconds = getLong(LATEST_CACHE_TTL_SEC);
        return seconds < 0 ? Duration.ofSeconds(-1) : Duration.ofSeconds(seconds);
    }

    private void validateAuth() {
        Password userInfo = getPassword(BASIC_AUTH_USER_INFO);
        boolean userInfoSource = "USER_INFO".equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE));
        if (userInfoSource && (userInfo == null || userInfo.value().isEmpty())) {
            throw new ConfigException(BASIC_AUTH_USER_INFO + " must be set when " + BASIC_AUTH_CREDENTIALS_SOURCE
                    + " is USER_INFO");
        }
        if (userInfoSource && getPassword(BEARER_AUTH_TOKEN) != null) {
            throw new ConfigException("Both basic auth (" + BASIC_AUTH_USER_INFO + ") and a bearer token ("
                    + BEARER_AUTH_TOKEN + ") are configured for the schema registry; choose one");
        }
        String identification = getString(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM);
        if (identification == null || !identification.equalsIgnoreCase("https")) {
            throw new ConfigException(SSL_ENDPOINT_IDENTIFICATION_ALGORITHM, identification,
                    "the JDK HTTP client always verifies the registry's host name; give the registry a certificate"
                            + " for the name in the URL");
        }
    }

    /** The Authorization header shared by every endpoint, from USER_INFO or the bearer token; null if none. */
    private String sharedAuthorization() {
        if ("USER_INFO".equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE))) {
            return basic(getPassword(BASIC_AUTH_USER_INFO).value());
        }
        Password token = getPassword(BEARER_AUTH_TOKEN);
        return token == null ? null : "Bearer " + token.value();
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyStore load(String key, String location, String type, Password password)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.value().toCharArray());
        } catch (IOException e) {
            throw new ConfigException(key, location, "cannot read the " + type + " store: " + e.getMessage());
        }
        return store;
    }
}
