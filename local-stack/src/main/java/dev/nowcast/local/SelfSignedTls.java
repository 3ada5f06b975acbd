package dev.nowcast.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1 made at run time with the JDK's {@code keytool}: a PKCS12 key store
 * for a TLS server and a PKCS12 trust store holding only that certificate, for its clients. Nothing secret is
 * checked in and no certificate expires in the repository.
 */
public final class SelfSignedTls implements AutoCloseable {

    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    private final Path dir;
    private final Path keyStore;
    private final Path trustStore;
    private final String password;

    private SelfSignedTls(Path dir) {
        this.dir = dir;
        this.keyStore = dir.resolve("server.p12");
        this.trustStore = dir.resolve("truststore.p12");
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.password = HexFormat.of().formatHex(random);
    }

    /** Generates a key pair and certificate for {@code CN=localhost}, valid for 127.0.0.1 and localhost. */
    public static SelfSignedTls generate() {
        SelfSignedTls tls = new SelfSignedTls(TempDirs.create("nowcast-tls-"));
        try {
            Path cert = tls.dir.resolve("server.crt");
            tls.keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:" + FreePorts.LOOPBACK + ",dns:localhost",
                    "-validity", "2", "-storetype", "PKCS12", "-keystore", tls.keyStore.toString(),
                    "-storepass", tls.password, "-keypass", tls.password);
            tls.keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", tls.keyStore.toString(),
                    "-storepass", tls.password, "-file", cert.toString());
            tls.keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(),
                    "-storetype", "PKCS12", "-keystore", tls.trustStore.toString(), "-storepass", tls.password);
            return tls;
        } catch (RuntimeException e) {
            tls.close();
            throw e;
        }
    }

    /** The server's PKCS12 key store (key and certificate). */
    public Path keyStore() {
        return keyStore;
    }

    /** A PKCS12 trust store holding the server's certificate only. */
    public Path trustStore() {
        return trustStore;
    }

    /** The password of both stores and of the key. */
    public String password() {
        return password;
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish within "
                        + KEYTOOL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed (status " + process.exitValue() + "): "
                        + new String(output, StandardCharsets.UTF_8).replace(password, "***"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run keytool from " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
    }

    /** Removes the stores. */
    @Override
    public void close() {
        TempDirs.deleteRecursively(dir);
    }
}
