package dev.nowcast.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * TLS to the registry: a self-signed certificate (made with the JDK's keytool) trusted through the
 * {@code schema.registry.ssl.*} settings or an SSLContext given in code, and refused, at once, otherwise.
 */
class HttpSchemaRegistryClientTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;
    static Path keyStore;
    static Path trustStore;
    static StubRegistry stub;

    @BeforeAll
    static void startHttpsStub() throws Exception {
        keyStore = dir.resolve("registry.p12");
        trustStore = dir.resolve("trust.p12");
        Path certificate = dir.resolve("registry.pem");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-rfc",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", PASSWORD);

        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keyStore), PASSWORD.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
        stub = new StubRegistry(server);
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @Test
    void trustsTheRegistryThroughTheSslSettings() {
        stub.reply(200, "[\"s\"]");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
                "schema.registry.url", stub.url(),
                "schema.registry.ssl.truststore.location", trustStore.toString(),
                "schema.registry.ssl.truststore.password", PASSWORD,
                "schema.registry.ssl.truststore.type", "PKCS12"))) {
            assertThat(client.subjects()).containsExactly("s");
        }
    }

    @Test
    void trustsTheRegistryThroughAnSslContextGivenInCode() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(trustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        stub.reply(200, "[\"t\"]");
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of("schema.registry.url", stub.url()), context)) {
            assertThat(client.subjects()).containsExactly("t");
        }
    }

    @Test
    void refusesAnUntrustedRegistryAtOnce() {
        int before = stub.requests().size();
        // The JVM's default trust (standard JSSE settings) does not know the self-signed certificate.
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of(
                "schema.registry.url", stub.url(), "max.retries", 3, "retries.wait.ms", 1_000))) {
            long start = System.nanoTime();
            assertThatThrownBy(client::subjects).isInstanceOf(SslAuthenticationException.class)
                    .hasMessageContaining("TLS handshake").hasMessageContaining(stub.url());
            assertThat((System.nanoTime() - start) / 1_000_000).as("not retried").isLessThan(1_000);
        }
        assertThat(stub.requests()).hasSize(before);
    }

    @Test
    void reportsAnUnreadableTrustStore() {
        assertThatThrownBy(() -> new HttpSchemaRegistryClient(Map.of("schema.registry.url", stub.url(),
                "schema.registry.ssl.truststore.location", dir.resolve("missing.p12").toString())))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("missing.p12");
    }

    private static KeyStore load(Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
