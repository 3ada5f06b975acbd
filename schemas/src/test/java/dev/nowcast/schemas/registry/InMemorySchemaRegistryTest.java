package dev.nowcast.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The in-memory registry answers as Confluent's server does, error codes included. */
class InMemorySchemaRegistryTest {

    static final Schema V1 = parse("{\"name\": \"a\", \"type\": \"int\"}");
    static final Schema V2 = parse("{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"b\", \"type\": \"string\", \"default\": \"\"}");
    static final Schema V3_NO_DEFAULT = parse("{\"name\": \"a\", \"type\": \"int\"}, {\"name\": \"c\", \"type\": \"string\"}");
    static final Schema V_WITHOUT_A = parse("{\"name\": \"b\", \"type\": \"string\", \"default\": \"\"}");

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void idsAreRegistryWideAndSharedByIdenticalSchemas() {
        int id = registry.register("x-value", V1);
        assertThat(registry.register("y-value", parse("{\"type\": \"int\", \"name\": \"a\"}"))).isEqualTo(id);
        assertThat(registry.register("x-value", V2)).isNotEqualTo(id);
        assertThat(registry.schemaById(id)).isEqualTo(V1);
        assertThat(registry.subjects()).containsExactly("x-value", "y-value");
    }

    @Test
    void versionsCountPerSubjectAndReRegisteringIsANoOp() {
        registry.register("s", V1);
        registry.register("s", V2);
        registry.register("s", V1);
        assertThat(registry.versions("s")).containsExactly(1, 2);
        assertThat(registry.latestVersion("s").schema()).isEqualTo(V2);
        assertThat(registry.version("s", 1).schema()).isEqualTo(V1);
        assertThat(registry.version("s", -1).version()).isEqualTo(2);
        assertThat(registry.lookup("s", V1).version()).isEqualTo(1);
    }

    @Test
    void errorsCarryConfluentsCodes() {
        registry.register("s", V1);
        assertError(() -> registry.latestVersion("nope"), 404, 40401);
        assertError(() -> registry.versions("nope"), 404, 40401);
        assertError(() -> registry.lookup("nope", V1), 404, 40401);
        assertError(() -> registry.version("s", 7), 404, 40402);
        assertError(() -> registry.version("s", 0), 422, 42202);
        assertError(() -> registry.schemaById(99), 404, 40403);
        assertError(() -> registry.lookup("s", V2), 404, 40403);
        assertError(() -> registry.register("s", V3_NO_DEFAULT), 409, 409);
    }

    @Test
    void rejectsAnInvalidSchemaAs42201() {
        Schema badDefault = new Schema.Parser().setValidateDefaults(false).parse("""
                {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": "text"}]}""");
        assertError(() -> registry.register("s", badDefault), 422, 42201);
    }

    @Test
    void checksTheSubjectsCompatibilityLevel() {
        assertThat(registry.globalCompatibility()).as("Confluent's default").isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.checkCompatibility("empty", V3_NO_DEFAULT).compatible()).isTrue();
        registry.register("s", V1);
        CompatibilityCheck check = registry.checkCompatibility("s", V3_NO_DEFAULT);
        assertThat(check.compatible()).isFalse();
        assertThat(check.messages()).singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE", "c");

        registry.setCompatibility("s", CompatibilityLevel.NONE);
        assertThat(registry.compatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.BACKWARD);
        registry.register("s", V3_NO_DEFAULT);

        registry.setGlobalCompatibility(CompatibilityLevel.FORWARD);
        assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.FORWARD);
        registry.register("f", V1);
        // FORWARD: v1 readers must read the new data; dropping field a breaks them.
        assertError(() -> registry.register("f", V_WITHOUT_A), 409, 409);
        registry.register("f", V2);
    }

    @Test
    void transitiveLevelsCheckEveryVersion() {
        registry.register("s", V1);
        registry.register("s", V_WITHOUT_A);
        // Field a comes back, as a string: fine for the latest version (which has no a), not for v1 (a was an int).
        Schema stringA = parse("{\"name\": \"b\", \"type\": \"string\", \"default\": \"\"}, "
                + "{\"name\": \"a\", \"type\": \"string\", \"default\": \"\"}");
        registry.setCompatibility("s", CompatibilityLevel.BACKWARD);
        assertThat(registry.checkCompatibility("s", stringA).compatible()).isTrue();
        registry.setCompatibility("s", CompatibilityLevel.BACKWARD_TRANSITIVE);
        CompatibilityCheck check = registry.checkCompatibility("s", stringA);
        assertThat(check.compatible()).isFalse();
        assertThat(check.messages()).singleElement().asString().contains("version 1 of 2", "TYPE_MISMATCH");
    }

    @Test
    void scopesAreSharedUntilDropped() {
        InMemorySchemaRegistry scoped = InMemorySchemaRegistry.forScope("shared-scope-test");
        scoped.register("s", V1);
        assertThat(InMemorySchemaRegistry.forScope("shared-scope-test")).isSameAs(scoped);
        scoped.close();
        assertThat(InMemorySchemaRegistry.forScope("shared-scope-test").subjects()).containsExactly("s");
        InMemorySchemaRegistry.dropScope("shared-scope-test");
        assertThat(InMemorySchemaRegistry.forScope("shared-scope-test").subjects()).isEmpty();
        InMemorySchemaRegistry.dropScope("shared-scope-test");
    }

    @Test
    void mockUrlsSelectTheScopedRegistry() {
        try (SchemaRegistryClient client = SchemaRegistryClient.fromConfigs(java.util.Map.of("schema.registry.url", "mock://url-test"))) {
            assertThat(client).isSameAs(InMemorySchemaRegistry.forScope("url-test"));
        } finally {
            InMemorySchemaRegistry.dropScope("url-test");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemaRegistryClient.fromConfigs(
                java.util.Map.of("schema.registry.url", "mock://a,http://b:8081")))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class).hasMessageContaining("mock://");
    }

    private static void assertError(Executable call, int status, int errorCode) {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, call::execute);
        assertThat(e).isNotNull();
        assertThat(e.status()).isEqualTo(status);
        assertThat(e.errorCode()).isEqualTo(errorCode);
    }

    private static Schema parse(String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"R\", \"namespace\": \"t\", \"fields\": [" + fields + "]}");
    }
}
