package dev.nowcast.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (2.6.13.Final, in-memory storage) as a child process on 127.0.0.1, with BACKWARD
 * compatibility as the global rule, speaking Confluent's schema registry API under {@code /apis/ccompat/v7}.
 *
 * <p>The distribution is the Maven Central artifact {@code io.apicurio:apicurio-registry-app:tar.gz:all}, which
 * this module's build unpacks; {@code -Dnowcast.apicurio.home} or {@code NOWCAST_APICURIO_HOME} point elsewhere.
 * The registry runs under a {@link ParentWatchdog}, so it never outlives the JVM that started it.
 */
public final class ApicurioRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioRegistry.class);
    private static final String HOME_PROPERTY = "nowcast.apicurio.home";
    private static final String HOME_ENV = "NOWCAST_APICURIO_HOME";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final int port;
    private final Map<String, String> systemProperties;
    private final Path workDir;
    private JavaProcess process;

    private ApicurioRegistry(int port, Map<String, String> systemProperties) {
        this.port = port == 0 ? FreePorts.find() : port;
        this.systemProperties = Map.copyOf(systemProperties);
        this.workDir = TempDirs.create("nowcast-apicurio-");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a registry on a free port. */
    public static ApicurioRegistry startDefault() {
        return builder().build().start();
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://" + FreePorts.LOOPBACK + ":" + port;
    }

    /** The base URL a Confluent client is configured with ({@code schema.registry.url}). */
    public String confluentApiUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    public synchronized ApicurioRegistry start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        Path home = distribution();
        Path runner = runnerJar(home);
        JavaProcess.Builder builder = JavaProcess.builder("Apicurio Registry", mainClass(runner))
                .classpath(runner.toString())
                .jvmArg("-Xmx512m")
                .jvmArg("-XX:+UseSerialGC")
                // C1 only: the registry starts in about half the time on two cores and serves tests fast enough.
                .jvmArg("-XX:TieredStopAtLevel=1")
                .jvmArg("-Djava.io.tmpdir=" + workDir)
                .jvmArg("-Dvertx.cacheDirBase=" + workDir.resolve("vertx"))
                .jvmArg("-Dquarkus.http.host=" + FreePorts.LOOPBACK)
                .jvmArg("-Dquarkus.http.port=" + port)
                .jvmArg("-Dregistry.rules.global.compatibility=BACKWARD")
                // Confluent finds an existing schema by its canonical form, not its exact text.
                .jvmArg("-Dregistry.ccompat.use-canonical-hash=true")
                .workDir(workDir)
                .logFile(workDir.resolve("apicurio.log"));
        systemProperties.forEach((k, v) -> builder.jvmArg("-D" + k + "=" + v));
        process = builder.start();
        process.awaitLogLine(Pattern.compile("Listening on: http://"), START_TIMEOUT);
        awaitApi();
        LOG.info("Apicurio Registry ready at {}", confluentApiUrl());
        return this;
    }

    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(20));
            process = null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            TempDirs.deleteRecursively(workDir);
        }
    }

    private void awaitApi() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(confluentApiUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                LOG.debug("Registry API not answering yet", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the registry", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Apicurio Registry at " + confluentApiUrl() + " does not answer; last log lines:\n"
                        + process.logTail(40));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the registry", e);
            }
        }
    }

    /** The unpacked distribution: the override if set, else the one this module's build unpacked. */
    static Path distribution() {
        String configured = System.getProperty(HOME_PROPERTY, System.getenv(HOME_ENV));
        if (configured == null) {
            Properties built = new Properties();
            try (InputStream in = ApicurioRegistry.class.getResourceAsStream("apicurio.properties")) {
                if (in == null) {
                    throw new IllegalStateException("apicurio.properties is missing from nowcast-local-stack");
                }
                built.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            configured = built.getProperty("home");
        }
        Path home = Path.of(configured);
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("Apicurio Registry distribution not found at " + home + "; build the project"
                    + " first (./mvnw -DskipTests package), or set -D" + HOME_PROPERTY + " / " + HOME_ENV
                    + " to an unpacked apicurio-registry-app distribution");
        }
        return home;
    }

    private static Path runnerJar(Path home) {
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No *-runner.jar in " + home));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + home, e);
        }
    }

    private static String mainClass(Path runner) {
        try (JarFile jar = new JarFile(runner.toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Main-Class");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest of " + runner, e);
        }
    }

    /** Settings for an {@link ApicurioRegistry}. */
    public static final class Builder {
        private int port;
        private final Map<String, String> systemProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /** The HTTP port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Any Apicurio/Quarkus setting, passed as a system property. */
        public Builder systemProperty(String key, String value) {
            systemProperties.put(key, value);
            return this;
        }

        public ApicurioRegistry build() {
            return new ApicurioRegistry(port, systemProperties);
        }
    }
}
