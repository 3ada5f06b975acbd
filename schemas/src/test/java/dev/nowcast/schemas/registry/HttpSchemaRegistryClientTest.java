package dev.nowcast.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The HTTP client against a scripted stand-in for the registry: requests, caching, retries, auth, server flavours. */
class HttpSchemaRegistryClientTest {

    static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type": "record", "name": "Reading", "namespace": "dev.nowcast.test", "fields": [{"name": "id", "type": "string"}]}""");

    final StubRegistry stub = new StubRegistry();

    @AfterEach
    void stopStub() {
        stub.close();
    }

    HttpSchemaRegistryClient client(Object... settings) {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", stub.url());
        config.put("retries.wait.ms", 10);
        for (int i = 0; i < settings.length; i += 2) {
            config.put((String) settings[i], settings[i + 1]);
        }
        return new HttpSchemaRegistryClient(config);
    }

    static String versionJson(String subject, int version, int id) {
        return new ObjectMapper().createObjectNode().put("subject", subject).put("version", version).put("id", id)
                .put("schema", SCHEMA.toString()).toString();
    }

    @Nested
    class Requests {

        @Test
        void registerPostsTheSchemaAsConfluentsClientDoes() throws Exception {
            stub.reply(200, "{\"id\":7}");
            HttpSchemaRegistryClient client = client();

            assertThat(client.register("a subject/with:odd+chars", SCHEMA)).isEqualTo(7);

            StubRegistry.Request request = stub.lastRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/subjects/a%20subject%2Fwith%3Aodd%2Bchars/versions");
            assertThat(request.header("Accept")).isEqualTo("application/vnd.schemaregistry.v1+json, "
                    + "application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5");
            assertThat(request.header("Content-type")).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText()).isEqualTo(SCHEMA.toString());
            assertThat(request.header("Authorization")).isNull();
        }

        @Test
        void aBaseUrlWithAPathAndATrailingSlashIsHonoured() {
            stub.reply(200, "[\"a\",\"b\"]");
            try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(
                    Map.of("schema.registry.url", stub.url() + "/apis/ccompat/v7/"))) {
                assertThat(client.subjects()).containsExactly("a", "b");
            }
            assertThat(stub.lastRequest().uri()).isEqualTo("/apis/ccompat/v7/subjects");
        }

        @Test
        void readsVersionsLookupsAndListings() {
            stub.reply(200, versionJson("s", 2, 11))
                    .reply(200, versionJson("s", 1, 10))
                    .reply(200, versionJson("s", 1, 10))
                    .reply(200, "[3,1,2]");
            HttpSchemaRegistryClient client = client();

            assertThat(client.latestVersion("s")).isEqualTo(new RegisteredSchema("s", 2, 11, SCHEMA));
            assertThat(client.version("s", 1)).isEqualTo(new RegisteredSchema("s", 1, 10, SCHEMA));
            assertThat(client.lookup("s", SCHEMA).id()).isEqualTo(10);
            assertThat(client.versions("s")).containsExactly(1, 2, 3);
            assertThat(stub.requests()).extracting(StubRegistry.Request::uri).containsExactly(
                    "/subjects/s/versions/latest", "/subjects/s/versions/1", "/subjects/s", "/subjects/s/versions");
        }

        @Test
        void cachesSchemasByIdRegistrationsLookupsAndVersionsForGood() {
            stub.reply(200, "{\"schema\":" + new ObjectMapper().valueToTree(SCHEMA.toString()) + "}")
                    .reply(200, "{\"id\":3}")
                    .reply(200, versionJson("s", 1, 4))
                    .reply(200, versionJson("s", 1, 4));
            HttpSchemaRegistryClient client = client();

            for (int i = 0; i < 3; i++) {
                assertThat(client.schemaById(3)).isEqualTo(SCHEMA);
                assertThat(client.register("r", SCHEMA)).isEqualTo(3);
                assertThat(client.lookup("s", SCHEMA).version()).isEqualTo(1);
                assertThat(client.version("s", 1).id()).isEqualTo(4);
            }
            assertThat(client.register("s", SCHEMA)).as("a lookup also tells the id under the subject").isEqualTo(4);
            assertThat(stub.requests()).hasSize(4);
        }

        @Test
        void cachesTheLatestVersionForTheConfiguredTime() throws InterruptedException {
            for (int i = 0; i < 10; i++) {
                stub.reply(200, versionJson("s", i + 1, 100 + i));
            }
            HttpSchemaRegistryClient forGood = client("latest.cache.ttl.sec", -1);
            forGood.latestVersion("s");
            assertThat(forGood.latestVersion("s").version()).isEqualTo(1);
            HttpSchemaRegistryClient never = client("latest.cache.ttl.sec", 0);
            never.latestVersion("s");
            assertThat(never.latestVersion("s").version()).isEqualTo(3);
            HttpSchemaRegistryClient twoSeconds = client("latest.cache.ttl.sec", 2);
            twoSeconds.latestVersion("s");
            assertThat(twoSeconds.latestVersion("s").version()).isEqualTo(4);
            Thread.sleep(2_100);
            assertThat(twoSeconds.latestVersion("s").version()).isEqualTo(5);
        }

        @Test
        void readsAndSetsCompatibilityLevels() throws Exception {
            stub.reply(200, "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}")
                    .reply(200, "{\"compatibility\":\"FORWARD\"}")
                    .reply(200, "{\"compatibilityLevel\":\"BACKWARD\"}")
                    .reply(200, "{\"compatibility\":\"NONE\"}");
            HttpSchemaRegistryClient client = client();

            assertThat(client.compatibility("s")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
            client.setCompatibility("s", CompatibilityLevel.FORWARD);
            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
            client.setGlobalCompatibility(CompatibilityLevel.NONE);

            assertThat(stub.requests()).extracting(r -> r.method() + " " + r.uri()).containsExactly(
                    "GET /config/s?defaultToGlobal=true", "PUT /config/s", "GET /config", "PUT /config");
            assertThat(new ObjectMapper().readTree(stub.requests().get(1).body()).get("compatibility").asText())
                    .isEqualTo("FORWARD");
        }

        @Test
        void checksCompatibilityVerbosely() {
            stub.reply(200, "{\"is_compatible\":false,\"messages\":[\"field c has no default\"]}");
            assertThat(client().checkCompatibility("s", SCHEMA))
                    .isEqualTo(new CompatibilityCheck(false, List.of("field c has no default")));
            assertThat(stub.lastRequest().uri()).isEqualTo("/compatibility/subjects/s/versions/latest?verbose=true");
        }

        @Test
        void refusesSchemasItCannotUseAsAvro() {
            stub.reply(200, "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}")
                    .reply(200, "{\"schema\":\"{}\",\"references\":[{\"name\":\"x\",\"subject\":\"y\",\"version\":1}]}")
                    .reply(200, "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}");
            HttpSchemaRegistryClient client = client();
            for (int id = 1; id <= 3; id++) {
                int which = id;
                SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(which));
                assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_SCHEMA);
                assertThat(e).hasMessageContaining("schema id " + id);
            }
        }

        @Test
        void reportsAReplyItCannotUnderstand() {
            stub.reply(200, "<html>maintenance</html>").reply(200, "{\"unexpected\":true}");
            assertThatThrownBy(() -> client().subjects()).isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("not JSON").hasMessageContaining("maintenance");
            assertThatThrownBy(() -> client().register("s", SCHEMA)).isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("unexpected reply").hasMessageContaining("subject 's'");
        }
    }

    @Nested
    class Errors {

        @ParameterizedTest
        @ValueSource(ints = {400, 401, 403, 404, 409, 422})
        void definiteAnswersAreNotRetried(int status) {
            stub.reply(status, "{\"error_code\":" + status + "01,\"message\":\"nope " + status + "\"}");
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> client("max.retries", 5).register("s", SCHEMA));
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.errorCode()).isEqualTo(status * 100 + 1);
            assertThat(e.registryMessage()).isEqualTo("nope " + status);
            assertThat(e).hasMessageContaining("subject 's'").hasMessageContaining("HTTP " + status)
                    .hasMessageContaining("error_code " + (status * 100 + 1)).hasMessageContaining(stub.url());
            assertThat(stub.requests()).hasSize(1);
        }

        @Test
        void anErrorReplyThatIsNotJsonIsQuoted() {
            stub.reply(new StubRegistry.Reply(404, "text/html", "<html>No such path</html>", Map.of(), 0));
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client().subjects());
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.NO_ERROR_CODE);
            assertThat(e).hasMessageContaining("<html>No such path</html>");
        }

        @Test
        void serverErrorsAndThrottlingAreRetried() {
            stub.reply(500, "{\"error_code\":50001,\"message\":\"store\"}")
                    .reply(new StubRegistry.Reply(429, "text/plain", "slow down", Map.of("Retry-After", "0"), 0))
                    .reply(502, "")
                    .reply(200, "{\"id\":9}");
            assertThat(client("max.retries", 3).register("s", SCHEMA)).isEqualTo(9);
            assertThat(stub.requests()).hasSize(4);
        }

        @Test
        void givesUpAfterTheConfiguredRetriesAsTransient() {
            for (int i = 0; i < 5; i++) {
                stub.reply(503, "{\"error_code\":50301,\"message\":\"unavailable\"}");
            }
            RegistryUnavailableException e = catchThrowableOfType(RegistryUnavailableException.class,
                    () -> client("max.retries", 2).schemaById(1));
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.lastStatus()).isEqualTo(503);
            assertThat(e).isInstanceOf(org.apache.kafka.common.errors.RetriableException.class)
                    .hasMessageContaining("schema id 1").hasMessageContaining("3 attempt(s)").hasMessageContaining("HTTP 503");
            assertThat(stub.requests()).hasSize(3);
        }

        @Test
        void backsOffExponentiallyWithinTheConfiguredBounds() {
            for (int i = 0; i < 4; i++) {
                stub.reply(500, "{}");
            }
            catchThrowableOfType(RegistryUnavailableException.class,
                    () -> client("max.retries", 3, "retries.wait.ms", 100, "retries.max.wait.ms", 10_000).subjects());
            List<Long> gaps = gapsMillis();
            // 100, 200, 400 ms, each with up to 20% jitter off (upper bounds leave room for a busy machine).
            assertThat(gaps.get(0)).isBetween(75L, 500L);
            assertThat(gaps.get(1)).isBetween(155L, 700L);
            assertThat(gaps.get(2)).isBetween(315L, 1_200L);

            stub.requests().clear();
            for (int i = 0; i < 4; i++) {
                stub.reply(500, "{}");
            }
            catchThrowableOfType(RegistryUnavailableException.class,
                    () -> client("max.retries", 3, "retries.wait.ms", 100, "retries.max.wait.ms", 120).subjects());
            assertThat(gapsMillis()).allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(75L));
            assertThat(gapsMillis().get(2)).as("capped at 120 ms rather than 320-400 ms").isLessThan(300L);
        }

        @Test
        void honoursRetryAfterWithinTheBound() {
            stub.reply(new StubRegistry.Reply(429, "text/plain", "", Map.of("Retry-After", "1"), 0)).reply(200, "[]");
            client("retries.max.wait.ms", 300).subjects();
            assertThat(gapsMillis().get(0)).isBetween(280L, 900L);
        }

        @Test
        void timeoutsAreRetried() {
            stub.reply(new StubRegistry.Reply(200, StubRegistry.CONFLUENT_TYPE, "[]", Map.of(), 3_000))
                    .reply(200, "[\"s\"]");
            assertThat(client("http.read.timeout.ms", 300).subjects()).containsExactly("s");

            stub.reply(new StubRegistry.Reply(200, StubRegistry.CONFLUENT_TYPE, "[]", Map.of(), 3_000))
                    .reply(new StubRegistry.Reply(200, StubRegistry.CONFLUENT_TYPE, "[]", Map.of(), 3_000));
            RegistryUnavailableException e = catchThrowableOfType(RegistryUnavailableException.class,
                    () -> client("http.read.timeout.ms", 300, "max.retries", 1).subjects());
            assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
            assertThat(e.lastStatus()).isZero();
        }

        @Test
        void failsOverToTheNextUrlAndSticksToTheOneThatAnswers() throws IOException {
            String dead = "http://127.0.0.1:" + freePort();
            stub.reply(200, "[\"a\"]").reply(200, "[\"b\"]");
            try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
                    "schema.registry.url", dead + "," + stub.url(), "retries.wait.ms", 10))) {
                assertThat(client.subjects()).containsExactly("a");
                long start = System.nanoTime();
                assertThat(client.subjects()).containsExactly("b");
                assertThat((System.nanoTime() - start) / 1_000_000).as("no detour through the dead URL").isLessThan(1_000);
            }
        }

        @Test
        void anUnreachableRegistryIsTransient() throws IOException {
            try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
                    "schema.registry.url", "http://127.0.0.1:" + freePort(), "max.retries", 2, "retries.wait.ms", 10))) {
                RegistryUnavailableException e = catchThrowableOfType(RegistryUnavailableException.class, client::subjects);
                assertThat(e.attempts()).isEqualTo(3);
                assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
            }
        }

        private List<Long> gapsMillis() {
            List<StubRegistry.Request> requests = stub.requests();
            return java.util.stream.IntStream.range(1, requests.size())
                    .mapToObj(i -> (requests.get(i).arrivedNanos() - requests.get(i - 1).arrivedNanos()) / 1_000_000)
                    .toList();
        }
    }

    @Nested
    class Authentication {

        @Test
        void basicAuthFromUserInfo() {
            stub.reply(200, "[]");
            client("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "fred:s3cr:et").subjects();
            assertThat(stub.lastRequest().header("Authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("fred:s3cr:et".getBytes(StandardCharsets.UTF_8)));
        }

        @Test
        void basicAuthFromTheUrlNeverShowsTheCredentials() {
            stub.reply(200, "[]").reply(500, "{}");
            String url = stub.url().replace("http://", "http://fred:p%40ss@");
            try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of("schema.registry.url", url,
                    "max.retries", 0))) {
                client.subjects();
                assertThat(stub.lastRequest().header("Authorization")).isEqualTo("Basic "
                        + Base64.getEncoder().encodeToString("fred:p@ss".getBytes(StandardCharsets.UTF_8)));
                assertThatThrownBy(client::subjects).hasMessageNotContaining("p%40ss").hasMessageNotContaining("fred");
                assertThat(client.toString()).doesNotContain("fred");
            }
        }

        @Test
        void bearerTokenWithConfluentCloudHeaders() {
            stub.reply(200, "[]");
            client("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "tok3n",
                    "bearer.auth.logical.cluster", "lsrc-1", "bearer.auth.identity.pool.id", "pool-2").subjects();
            StubRegistry.Request request = stub.lastRequest();
            assertThat(request.header("Authorization")).isEqualTo("Bearer tok3n");
            assertThat(request.header("Target-sr-cluster")).isEqualTo("lsrc-1");
            assertThat(request.header("Confluent-identity-pool-id")).isEqualTo("pool-2");
        }

        @Test
        void rejectsContradictoryOrIncompleteSettings() {
            assertThatThrownBy(() -> client("basic.auth.credentials.source", "USER_INFO"))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info must be set");
            assertThatThrownBy(() -> client("basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "a:b",
                    "bearer.auth.token", "t")).isInstanceOf(ConfigException.class).hasMessageContaining("choose one");
            assertThatThrownBy(() -> client("basic.auth.credentials.source", "SASL_INHERIT"))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.credentials.source");
            assertThatThrownBy(() -> client("bearer.auth.credentials.source", "OAUTHBEARER"))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("bearer.auth.credentials.source");
            assertThatThrownBy(() -> client("schema.registry.ssl.endpoint.identification.algorithm", ""))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("host name");
            assertThatThrownBy(() -> new HttpSchemaRegistryClient(Map.of()))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
            assertThatThrownBy(() -> new HttpSchemaRegistryClient(Map.of("schema.registry.url", "ftp://x")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("ftp://x");
        }
    }

    /** Where Apicurio's ccompat API answers differently from Confluent's server (DESIGN.md). */
    @Nested
    class ServerFlavours {

        @Test
        void confluentSubjectWithoutALevelFallsBackToTheGlobalLevel() {
            stub.reply(404, "{\"error_code\":40408,\"message\":\"Subject 's' does not have subject-level compatibility configured\"}")
                    .reply(200, "{\"compatibilityLevel\":\"FULL\"}");
            assertThat(client().compatibility("s")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(stub.lastRequest().uri()).isEqualTo("/config");
        }

        @Test
        void confluentSubjectSetToNoneIsNone() {
            stub.reply(200, "{\"compatibilityLevel\":\"NONE\"}");
            assertThat(client().compatibility("s")).isEqualTo(CompatibilityLevel.NONE);
            assertThat(stub.requests()).hasSize(1);
        }

        @Test
        void apicurioNoneMeansNotSetSoTheGlobalLevelApplies() {
            stub.replyAsApicurio(200, "{\"compatibilityLevel\":\"NONE\"}")
                    .replyAsApicurio(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
            assertThat(client().compatibility("s")).isEqualTo(CompatibilityLevel.BACKWARD);
        }

        @Test
        void apicurioSubjectWithItsOwnLevel() {
            stub.replyAsApicurio(200, "{\"compatibilityLevel\":\"FORWARD\"}");
            assertThat(client().compatibility("s")).isEqualTo(CompatibilityLevel.FORWARD);
        }

        @Test
        void unknownSubjectFallsBackToTheGlobalLevel() {
            stub.replyAsApicurio(404, "{\"error_code\":40401,\"message\":\"No artifact with ID 's' in group 'null' was found.\"}")
                    .replyAsApicurio(200, "{\"compatibilityLevel\":\"BACKWARD\"}");
            assertThat(client().compatibility("s")).isEqualTo(CompatibilityLevel.BACKWARD);
        }

        @Test
        void aSubjectWithoutVersionsAcceptsAnySchema() {
            stub.replyAsApicurio(404, "{\"error_code\":40402,\"message\":\"No version 'latest' found\"}")
                    .reply(404, "{\"error_code\":40401,\"message\":\"Subject 's' not found.\"}");
            assertThat(client().checkCompatibility("s", SCHEMA).compatible()).isTrue();
            assertThat(client().checkCompatibility("s", SCHEMA).compatible()).isTrue();
        }

        @Test
        void apicuriosConflictOnAConcurrentFirstRegistrationIsResolvedByALookup() {
            stub.replyAsApicurio(409, "{\"error_code\":409,\"message\":\"An artifact with ID 's' in group 'null' already exists.\"}")
                    .replyAsApicurio(200, versionJson("s", 1, 12));
            assertThat(client().register("s", SCHEMA)).isEqualTo(12);
            assertThat(stub.requests()).extracting(StubRegistry.Request::uri)
                    .containsExactly("/subjects/s/versions", "/subjects/s");
        }

        @Test
        void anIncompatibleSchemaIsStillRejectedAfterTheLookupFindsNothing() {
            stub.reply(409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}")
                    .reply(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> client().register("s", SCHEMA));
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
            assertThat(e.registryMessage()).contains("incompatible");
        }

        @Test
        void apicuriosReasonExplainsAnIncompatibility() {
            stub.replyAsApicurio(200, "{\"is_compatible\":false,\"reason\":\"Incompatible artifact: c at /fields/1\"}");
            assertThat(client().checkCompatibility("s", SCHEMA))
                    .isEqualTo(new CompatibilityCheck(false, List.of("Incompatible artifact: c at /fields/1")));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
