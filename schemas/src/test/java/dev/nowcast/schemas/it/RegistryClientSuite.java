package dev.nowcast.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import dev.nowcast.schemas.registry.CompatibilityCheck;
import dev.nowcast.schemas.registry.CompatibilityLevel;
import dev.nowcast.schemas.registry.HttpSchemaRegistryClient;
import dev.nowcast.schemas.registry.RegisteredSchema;
import dev.nowcast.schemas.registry.SchemaRegistryException;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * The HTTP registry client against a real registry: Apicurio's ccompat API here, Confluent's server where Docker
 * exists. Subjects are unique per test (the registry is shared by the JVM).
 */
abstract class RegistryClientSuite {

    static Schema reading(String namespace, String extraFields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Reading\", \"namespace\": \"" + namespace
                + "\", \"fields\": [{\"name\": \"id\", \"type\": \"string\"}" + extraFields + "]}");
    }

    static HttpSchemaRegistryClient client(TestRegistry registry) {
        return new HttpSchemaRegistryClient(Map.of("schema.registry.url", registry.url()));
    }

    @Test
    void registersLooksUpAndFetchesSchemas(TestKafka kafka, TestRegistry registry) {
        String subject = kafka.uniqueName("client") + "-value";
        String other = kafka.uniqueName("client-other") + "-value";
        Schema v1 = reading("dev.nowcast.it", "");
        Schema v2 = reading("dev.nowcast.it", ", {\"name\": \"unit\", \"type\": \"string\", \"default\": \"C\"}");
        try (HttpSchemaRegistryClient client = client(registry)) {
            int id1 = client.register(subject, v1);
            int id2 = client.register(subject, v2);
            assertThat(id2).isNotEqualTo(id1);
            assertThat(client.register(other, v1)).as("ids are shared by identical schemas").isEqualTo(id1);

            try (HttpSchemaRegistryClient fresh = client(registry)) {
                assertThat(fresh.schemaById(id1)).isEqualTo(v1);
                assertThat(fresh.register(subject, v1)).as("registering again is idempotent").isEqualTo(id1);
                assertThat(fresh.versions(subject)).containsExactly(1, 2);
                assertThat(fresh.latestVersion(subject)).isEqualTo(new RegisteredSchema(subject, 2, id2, v2));
                assertThat(fresh.version(subject, 1)).isEqualTo(new RegisteredSchema(subject, 1, id1, v1));
                assertThat(fresh.lookup(subject, v2)).isEqualTo(new RegisteredSchema(subject, 2, id2, v2));
                assertThat(fresh.subjects()).contains(subject, other);
            }
        }
    }

    @Test
    void answersWithConfluentsErrorCodes(TestKafka kafka, TestRegistry registry) {
        String subject = kafka.uniqueName("errors") + "-value";
        try (HttpSchemaRegistryClient client = client(registry)) {
            client.register(subject, reading("dev.nowcast.it", ""));
            assertThat(errorCode(() -> client.latestVersion(kafka.uniqueName("missing")))).isEqualTo(40401);
            assertThat(errorCode(() -> client.version(subject, 9))).isEqualTo(40402);
            assertThat(errorCode(() -> client.schemaById(Integer.MAX_VALUE - 7))).isEqualTo(40403);
            assertThat(errorCode(() -> client.lookup(subject, reading("dev.nowcast.other", "")))).isEqualTo(40403);
        }
    }

    @Test
    void refusesAnIncompatibleSchemaWith409(TestKafka kafka, TestRegistry registry) {
        String subject = kafka.uniqueName("incompatible") + "-value";
        Schema incompatible = reading("dev.nowcast.it", ", {\"name\": \"sensor\", \"type\": \"string\"}");
        try (HttpSchemaRegistryClient client = client(registry)) {
            client.register(subject, reading("dev.nowcast.it", ""));
            client.setCompatibility(subject, CompatibilityLevel.BACKWARD);

            CompatibilityCheck check = client.checkCompatibility(subject, incompatible);
            assertThat(check.compatible()).isFalse();
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> client.register(subject, incompatible));
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
            assertThat(e).hasMessageContaining(subject);
            assertThat(client.versions(subject)).containsExactly(1);
            assertThat(client.checkCompatibility(kafka.uniqueName("no-versions"), incompatible).compatible()).isTrue();
        }
    }

    @Test
    void readsAndSetsCompatibilityLevels(TestKafka kafka, TestRegistry registry) {
        String own = kafka.uniqueName("level-own") + "-value";
        String inherited = kafka.uniqueName("level-inherited") + "-value";
        try (HttpSchemaRegistryClient client = client(registry)) {
            // The level both registries of the test stack enforce anyway; set so that Apicurio reports it too.
            client.setGlobalCompatibility(CompatibilityLevel.BACKWARD);
            client.register(own, reading("dev.nowcast.it", ""));
            client.register(inherited, reading("dev.nowcast.it", ""));
            client.setCompatibility(own, CompatibilityLevel.FULL_TRANSITIVE);

            assertThat(client.compatibility(own)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
            assertThat(client.compatibility(inherited)).isEqualTo(CompatibilityLevel.BACKWARD);
            assertThat(client.compatibility(kafka.uniqueName("level-none") + "-value")).isEqualTo(CompatibilityLevel.BACKWARD);
            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.BACKWARD);
        }
    }

    private static int errorCode(Runnable call) {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, call::run);
        assertThat(e).as("a SchemaRegistryException").isNotNull();
        return e.errorCode();
    }
}
