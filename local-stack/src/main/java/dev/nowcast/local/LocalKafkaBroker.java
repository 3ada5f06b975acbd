package dev.nowcast.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import dev.nowcast.config.kafka.KafkaFutures;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM, bound to
 * 127.0.0.1 only. Kafka's own test kits bind to every address, so this class configures
 * {@link KafkaRaftServer} directly.
 *
 * <p>The broker keeps its ports and log directory across {@link #stop()} and {@link #start()}, which is how
 * tests simulate losing a broker and getting it back. {@link #close()} stops it and removes the log directory
 * if this object created it.
 *
 * <p>With {@link Builder#secureListener} it also has a {@code SASL_SSL} listener (TLS with a certificate made at
 * start, SCRAM-SHA-512 logins) and enforces ACLs with KRaft's {@code StandardAuthorizer}. The plaintext listener
 * stays, for the broker itself and for test harnesses: its unauthenticated principal is the super user, so it
 * must never be reachable from outside (it is bound to 127.0.0.1 like everything else here).
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** How long one admin call may take. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final ScramMechanism SCRAM_MECHANISM = ScramMechanism.SCRAM_SHA_512;

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private final SelfSignedTls tls;
    private final int securePort;
    private KafkaRaftServer server;

    private LocalKafkaBroker(Builder builder) {
        this.ownsDataDir = builder.dataDir == null;
        this.dataDir = ownsDataDir ? TempDirs.create("nowcast-kafka-") : builder.dataDir;
        this.port = builder.port == 0 ? FreePorts.find() : builder.port;
        int controller = builder.controllerPort == 0 ? FreePorts.find() : builder.controllerPort;
        while (controller == port) {
            controller = FreePorts.find();
        }
        this.controllerPort = controller;
        this.tls = builder.tls;
        int secure = 0;
        if (tls != null) {
            secure = FreePorts.find();
            while (secure == port || secure == controller) {
                secure = FreePorts.find();
            }
        }
        this.securePort = secure;
        Map<String, String> all = new LinkedHashMap<>(tls == null ? Map.of() : securityProperties());
        all.putAll(builder.overrides);
        this.overrides = Map.copyOf(all);
    }

    /** The secured listener, the authorizer and the super user; see the class comment. */
    private Map<String, String> securityProperties() {
        String host = FreePorts.LOOPBACK;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "PLAINTEXT://" + host + ":" + port + ",SECURE://" + host + ":" + securePort
                + ",CONTROLLER://" + host + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port + ",SECURE://" + host + ":" + securePort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SECURE:SASL_SSL,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", SCRAM_MECHANISM.mechanismName());
        p.put("listener.name.secure.sasl.enabled.mechanisms", SCRAM_MECHANISM.mechanismName());
        p.put("listener.name.secure.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.secure.ssl.keystore.type", "PKCS12");
        p.put("listener.name.secure.ssl.keystore.location", tls.keyStore().toString());
        p.put("listener.name.secure.ssl.keystore.password", tls.password());
        p.put("listener.name.secure.ssl.key.password", tls.password());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:ANONYMOUS");
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a broker on free ports with a temporary log directory. */
    public static LocalKafkaBroker startDefault() {
        return builder().build().start();
    }

    /** Bootstrap address for clients, e.g. {@code 127.0.0.1:40123}. */
    public String bootstrapServers() {
        return FreePorts.LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    /**
     * Bootstrap address of the {@code SASL_SSL} listener, e.g. {@code 127.0.0.1:40124}.
     *
     * @throws IllegalStateException if the broker was built without {@link Builder#secureListener}
     */
    public String secureBootstrapServers() {
        requireSecure();
        return FreePorts.LOOPBACK + ":" + securePort;
    }

    /**
     * Client settings for the {@code SASL_SSL} listener as {@code user}: TLS trusting this broker's certificate,
     * SCRAM-SHA-512 login.
     */
    public Map<String, String> secureClientSettings(String user, String password) {
        requireSecure();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("security.protocol", "SASL_SSL");
        c.put("sasl.mechanism", SCRAM_MECHANISM.mechanismName());
        c.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        c.put("ssl.truststore.type", "PKCS12");
        c.put("ssl.truststore.location", tls.trustStore().toString());
        c.put("ssl.truststore.password", tls.password());
        return c;
    }

    /**
     * Creates (or replaces) the SCRAM-SHA-512 credential of {@code user} and waits until the broker knows it.
     */
    public void addScramUser(String user, String password) {
        requireSecure();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            KafkaFutures.await(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(SCRAM_MECHANISM, 4096), password))).all(), CALL_TIMEOUT);
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (KafkaFutures.await(admin.describeUserScramCredentials(List.of(user)).all(), CALL_TIMEOUT).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM user " + user + " not visible within " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while adding SCRAM user " + user, e);
        } catch (KafkaFutures.CallFailed e) {
            throw new IllegalStateException("Cannot add SCRAM user " + user + ": " + e.reason(), e.getCause());
        }
    }

    private void requireSecure() {
        if (tls == null) {
            throw new IllegalStateException("this broker has no secured listener (LocalKafkaBroker.Builder.secureListener)");
        }
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** The directory holding the broker's configuration, metadata log and topic logs. */
    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Formats the storage on first start, starts the broker and returns once it answers metadata requests.
     *
     * @throws IllegalStateException if the broker does not become ready within 60 s
     */
    public synchronized LocalKafkaBroker start() {
        if (server != null) {
            return this;
        }
        Properties props = brokerProperties(NODE_ID, dataDir, port, controllerPort, overrides);
        Path configFile = writeConfig(props);
        formatStorageIfNeeded(configFile);
        KafkaRaftServer raftServer = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
        awaitReady();
        LOG.info("Kafka broker ready on {} (data in {})", bootstrapServers(), dataDir);
        return this;
    }

    /** Shuts the broker down cleanly, keeping ports and data for a later {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Kafka broker on {} stopped", bootstrapServers());
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (ownsDataDir) {
                TempDirs.deleteRecursively(dataDir);
            }
        }
    }

    /**
     * The single-node settings of DESIGN.md. Shared with {@link KafkaBrokerProcess} so that both ways of running
     * the broker behave the same.
     */
    static Properties brokerProperties(int nodeId, Path dataDir, int port, int controllerPort,
                                       Map<String, String> overrides) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(nodeId));
        p.put("controller.quorum.voters", nodeId + "@" + FreePorts.LOOPBACK + ":" + controllerPort);
        p.put("listeners", "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + port + ",CONTROLLER://" + FreePorts.LOOPBACK
                + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + FreePorts.LOOPBACK + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // Fewer coordinator partitions than the default 50: faster first start, same semantics.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The cleaner's dedupe buffer defaults to 128 MiB, far too much for a broker sharing a test JVM.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        // Demo and test data carry historic event times (2001, 2010); time-based retention would delete them at
        // once, so the local broker keeps everything until it is removed.
        p.put("log.retention.ms", "-1");
        // Topics are created on purpose (tests, demo); a typo should fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.putAll(overrides);
        return p;
    }

    private Path writeConfig(Properties props) {
        Path file = dataDir.resolve("server.properties");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dataDir, e);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "Nowcast local Kafka broker");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return file;
    }

    private void formatStorageIfNeeded(Path configFile) {
        if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // StorageTool.main would call Exit; execute returns a status instead.
        int status;
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(new String[] {"format", "--cluster-id", Uuid.randomUuid().toString(),
                    "--config", configFile.toString(), "--ignore-formatted"}, out);
        }
        if (status != 0) {
            throw new IllegalStateException("Formatting Kafka storage in " + dataDir + " failed (status " + status
                    + "): " + captured.toString(StandardCharsets.UTF_8));
        }
    }

    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!KafkaFutures.await(admin.describeCluster().nodes(), Duration.ofSeconds(5)).isEmpty()) {
                        return;
                    }
                } catch (KafkaFutures.CallFailed e) {
                    if (e.interrupted()) {
                        throw new InterruptedException("interrupted while waiting for the broker");
                    }
                    LOG.debug("Broker not ready yet", e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka broker on " + bootstrapServers() + " did not become ready within "
                            + READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    /** Settings for a {@link LocalKafkaBroker}; every port defaults to a free one. */
    public static final class Builder {
        private int port;
        private int controllerPort;
        private Path dataDir;
        private SelfSignedTls tls;
        private final Map<String, String> overrides = new LinkedHashMap<>();

        private Builder() {
        }

        /** The client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The controller (KRaft quorum) port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Keeps data in {@code dir} (not removed on close); by default a temporary directory is used and removed. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /**
         * Adds a {@code SASL_SSL} listener (SCRAM-SHA-512, TLS with {@code tls}'s key store) and ACL enforcement;
         * the caller keeps {@code tls} (its trust store is what clients need) and closes it after the broker.
         */
        public Builder secureListener(SelfSignedTls tls) {
            this.tls = tls;
            return this;
        }

        /** Any broker setting, applied last (e.g. extra listeners, SASL, ACL authorizer). */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public LocalKafkaBroker build() {
            return new LocalKafkaBroker(this);
        }
    }
}
