package dev.nowcast.stream.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Prediction;
import dev.nowcast.config.ConfigException;
import dev.nowcast.local.LocalKafkaBroker;
import dev.nowcast.local.SelfSignedTls;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.snapshot.SnapshotSigning;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.stream.testing.TestModels;
import dev.nowcast.testsupport.BasicAuthProxy;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;
import dev.nowcast.trainer.kafka.KafkaClients;
import dev.nowcast.trainer.publish.WeightsTopic;
import dev.nowcast.trainer.signing.SigningKey;
import dev.nowcast.config.kafka.KafkaFutures;

/**
 * The app against a secured cluster and registry, end to end: a dedicated in-JVM broker with a {@code SASL_SSL}
 * listener (TLS with a certificate made for the run, SCRAM-SHA-512) and ACLs enforced by KRaft's
 * {@code StandardAuthorizer}; Apicurio behind a basic-auth proxy; snapshot signatures verified. The app reaches
 * all of it through its ordinary settings ({@code kafka.*} pass-through, {@code nowcast.schema.registry.user-info},
 * {@code nowcast.snapshot.verification-key}); the test harness itself uses the broker's plaintext listener, whose
 * anonymous principal is the super user.
 */
@LocalStackTest
class SecurityIT {

    private static final String APP_PASSWORD = "app-secret";
    private static final String TRAINER_PASSWORD = "trainer-secret";
    private static final String INTRUDER_PASSWORD = "intruder-secret";
    private static final String REGISTRY_USER = "nowcast";
    private static final String REGISTRY_PASSWORD = "registry-secret";
    /** A refusal must come this fast: a start that hangs on missing rights is the failure being tested. */
    private static final Duration FAST = Duration.ofSeconds(30);

    private static SelfSignedTls tls;
    private static LocalKafkaBroker broker;
    private static TestKafka kafka;
    private static BasicAuthProxy registryProxy;

    @BeforeAll
    static void secureStack(TestRegistry registry) throws Exception {
        tls = SelfSignedTls.generate();
        broker = LocalKafkaBroker.builder().secureListener(tls).build().start();
        broker.addScramUser("nowcast", APP_PASSWORD);
        broker.addScramUser("trainer", TRAINER_PASSWORD);
        broker.addScramUser("intruder", INTRUDER_PASSWORD);
        kafka = TestKafka.forBroker(broker.bootstrapServers(), "SecurityIT");
        registryProxy = new BasicAuthProxy(registry.url(), REGISTRY_USER, REGISTRY_PASSWORD);
    }

    @AfterAll
    static void stopStack() {
        if (registryProxy != null) {
            registryProxy.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void overTlsAndScramWithARegistryLoginTheAppForecastsWithTrainerSignedSnapshotsOnly(TestRegistry registry,
            @TempDir Path keys) throws Exception {
        int seriesCount = 10;
        int points = 20;
        List<Series> series = TestModels.sines(seriesCount, 2 * points, 17);
        KeyPair trusted = SigningKey.generate();
        Path verificationKey = keys.resolve("verification.pem");
        SigningKey.write(trusted, keys.resolve("signing.pem"), verificationKey);
        SigningKey trainerKey = SigningKey.load(keys.resolve("signing.pem"), null);

        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 2)) {
            grantApp(fixture);
            grant(new AclBinding(new ResourcePattern(ResourceType.TOPIC, fixture.weights, PatternType.LITERAL),
                    allow("trainer", AclOperation.READ)), new AclBinding(new ResourcePattern(ResourceType.TOPIC,
                    fixture.weights, PatternType.LITERAL), allow("trainer", AclOperation.WRITE)));

            // The trainer's own signing and publishing code, as principal "trainer" over TLS and SCRAM.
            WeightsTopic weights = new WeightsTopic(new KafkaClients(secureClient("trainer", TRAINER_PASSWORD),
                    registryLogin()), fixture.weights);
            weights.publish(trainerKey.sign(TestModels.snapshot("sensors", 1)), weights.read("sensors", null));

            NowcastStreamApp app = fixture.startApp(secureApp(Map.of(
                    "nowcast.snapshot.verification-key", verificationKey.toString())));
            StreamAppFixture.awaitReady(app, Duration.ofSeconds(60));
            fixture.replay(series, 0, points);
            List<ConsumerRecord<String, Prediction>> first = fixture.readPredictions(seriesCount * points);
            assertThat(first).hasSize(seriesCount * points)
                    .allSatisfy(p -> assertThat(p.value().getModelVersion()).isEqualTo(1));

            // Someone who can write to the weights topic but does not hold the key: unsigned, and signed by another
            // key under the trusted key's id.
            fixture.publish(TestModels.snapshot("sensors", 2));
            KeyPair forger = SigningKey.generate();
            fixture.publish(SnapshotSigning.sign(TestModels.snapshot("sensors", 3), forger.getPrivate(),
                    trainerKey.keyId()));
            List<ConsumerRecord<byte[], DeadLetter>> letters = fixture.readDeadLetters(2);
            assertThat(letters).hasSize(2).allSatisfy(l -> {
                assertThat(l.value().getReason()).isEqualTo(DeadLetterReason.INVALID_SNAPSHOT);
                assertThat(l.value().getDetail().toString()).startsWith("SIGNATURE");
            });
            fixture.replay(series, points, 2 * points);
            List<ConsumerRecord<String, Prediction>> all = fixture.readPredictions(2 * seriesCount * points);
            assertThat(all).hasSize(2 * seriesCount * points)
                    .allSatisfy(p -> assertThat(p.value().getModelVersion()).isEqualTo(1));
            assertThat(app.models().slot("sensors").serving().version()).isEqualTo(1);
            assertThat(registryProxy.refused()).as("registry requests without the login").isZero();
            System.out.printf("SecurityIT: %d predictions over SASL_SSL/SCRAM-SHA-512 with ACLs and a registry login; "
                    + "the trainer-signed version 1 served, unsigned and forged snapshots refused: %s%n", all.size(),
                    letters.stream().map(l -> l.value().getDetail().toString()).toList());
        }
    }

    @Test
    void aPrincipalWithoutRightsIsToldAtStartWhichTopicsItMayNotUse(TestRegistry registry) {
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 1)) {
            Map<String, String> settings = secureApp(Map.of());
            settings.putAll(prefixed(secureClient("intruder", INTRUDER_PASSWORD)));
            assertRefusedAtStart(fixture, settings, IllegalStateException.class, "Not authorized",
                    "DESCRIBE and READ on " + fixture.observations, "DESCRIBE and WRITE on " + fixture.predictions);
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationErrorAtStart(TestRegistry registry) {
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 1)) {
            grantApp(fixture);
            Map<String, String> settings = secureApp(Map.of());
            settings.putAll(prefixed(secureClient("nowcast", "not-the-password")));
            assertRefusedAtStart(fixture, settings, IllegalStateException.class, "kafka.sasl", "Authentication failed");
        }
    }

    @Test
    void withoutTheRegistryLoginTheAppStopsAtStartNamingTheSetting(TestRegistry registry) {
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 1)) {
            grantApp(fixture);
            long refusedBefore = registryProxy.refused();
            for (String userInfo : new String[] {null, REGISTRY_USER + ":wrong"}) {
                Map<String, String> settings = secureApp(Map.of());
                if (userInfo == null) {
                    settings.remove("nowcast.schema.registry.user-info");
                } else {
                    settings.put("nowcast.schema.registry.user-info", userInfo);
                }
                assertRefusedAtStart(fixture, settings, ConfigException.class, "nowcast.schema.registry.user-info",
                        "HTTP 401");
            }
            assertThat(registryProxy.refused() - refusedBefore).isEqualTo(2);
        }
    }

    /** Starting an app with {@code settings} fails within {@link #FAST} with {@code type}, its message naming {@code parts}. */
    private static void assertRefusedAtStart(StreamAppFixture fixture, Map<String, String> settings,
            Class<? extends Exception> type, String... parts) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> fixture.startApp(settings)).isInstanceOf(type).message().contains(parts);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAST);
    }

    /** An app of {@code fixture} logging in as "nowcast" over TLS, with the registry login; {@code extra} last. */
    private static Map<String, String> secureApp(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("nowcast.bootstrap.servers", broker.secureBootstrapServers());
        settings.putAll(prefixed(secureClient("nowcast", APP_PASSWORD)));
        settings.put("nowcast.schema.registry.url", registryProxy.url());
        settings.put("nowcast.schema.registry.user-info", REGISTRY_USER + ":" + REGISTRY_PASSWORD);
        settings.put("nowcast.live.series", "0");
        settings.putAll(extra);
        return settings;
    }

    private static Map<String, Object> secureClient(String user, String password) {
        Map<String, Object> config = new HashMap<>(broker.secureClientSettings(user, password));
        config.put("bootstrap.servers", broker.secureBootstrapServers());
        return config;
    }

    private static Map<String, String> prefixed(Map<String, Object> client) {
        Map<String, String> settings = new HashMap<>();
        client.forEach((k, v) -> {
            if (!k.equals("bootstrap.servers")) {
                settings.put("kafka." + k, v.toString());
            }
        });
        return settings;
    }

    private static Map<String, Object> registryLogin() {
        return Map.of("schema.registry.url", registryProxy.url(), "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", REGISTRY_USER + ":" + REGISTRY_PASSWORD);
    }

    /**
     * What a Kafka Streams app with exactly-once needs, and no more: read its inputs, write its outputs, own the
     * internal topics, group and transactional ids under its application id.
     */
    private static void grantApp(StreamAppFixture fixture) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : List.of(fixture.observations, fixture.weights)) {
            acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    allow("nowcast", AclOperation.READ)));
        }
        for (String topic : List.of(fixture.predictions, fixture.anomalies, fixture.deadLetters)) {
            acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    allow("nowcast", AclOperation.WRITE)));
        }
        acls.add(new AclBinding(new ResourcePattern(ResourceType.TOPIC, fixture.applicationId, PatternType.PREFIXED),
                allow("nowcast", AclOperation.ALL)));
        acls.add(new AclBinding(new ResourcePattern(ResourceType.GROUP, fixture.applicationId, PatternType.PREFIXED),
                allow("nowcast", AclOperation.READ)));
        for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE)) {
            acls.add(new AclBinding(new ResourcePattern(ResourceType.TRANSACTIONAL_ID, fixture.applicationId,
                    PatternType.PREFIXED), allow("nowcast", operation)));
        }
        grant(acls.toArray(AclBinding[]::new));
    }

    /** Creates the ACLs and waits until the broker's authorizer holds them. */
    private static void grant(AclBinding... acls) {
        Admin admin = kafka.admin();
        Duration timeout = Duration.ofSeconds(30);
        try {
            int before = KafkaFutures.await(admin.describeAcls(AclBindingFilter.ANY).values(), timeout).size();
            KafkaFutures.await(admin.createAcls(List.of(acls)).all(), timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (KafkaFutures.await(admin.describeAcls(AclBindingFilter.ANY).values(), timeout).size()
                    < before + acls.length) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("ACLs not in force within 30 s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (KafkaFutures.CallFailed e) {
            throw new AssertionError("Cannot create ACLs: " + e.reason(), e.getCause());
        }
    }

    private static AccessControlEntry allow(String user, AclOperation operation) {
        return new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW);
    }
}
