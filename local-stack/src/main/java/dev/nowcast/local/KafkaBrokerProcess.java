package dev.nowcast.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The same broker as {@link LocalKafkaBroker}, in a separate OS process: its CPU is not the caller's (for
 * benchmarks), and it can be killed and restarted on the same ports and log directory (for reliability tests).
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(KafkaBrokerMain.READY_MARKER + " (\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final boolean ownsDataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> brokerProperties;
    private final String heap;
    private JavaProcess process;

    private KafkaBrokerProcess(Path dataDir, int port, int controllerPort, Map<String, String> brokerProperties,
                               String heap) {
        this.ownsDataDir = dataDir == null;
        this.dataDir = ownsDataDir ? TempDirs.create("nowcast-kafka-process-") : dataDir;
        this.port = port == 0 ? FreePorts.find() : port;
        int controller = controllerPort == 0 ? FreePorts.find() : controllerPort;
        while (controller == this.port) {
            controller = FreePorts.find();
        }
        this.controllerPort = controller;
        this.brokerProperties = Map.copyOf(brokerProperties);
        this.heap = heap;
    }

    /** Starts a broker process on free ports with a temporary data directory and a 1 GiB heap. */
    public static KafkaBrokerProcess startDefault() {
        return builder().build().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return FreePorts.LOOPBACK + ":" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public long pid() {
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the process (again, after {@link #stop()} or {@link #kill()}) and waits until it serves clients. */
    public synchronized KafkaBrokerProcess start() {
        if (isRunning()) {
            return this;
        }
        Properties launch = new Properties();
        launch.put("port", Integer.toString(port));
        launch.put("controller.port", Integer.toString(controllerPort));
        launch.put("data.dir", dataDir.toString());
        brokerProperties.forEach((k, v) -> launch.put("broker." + k, v));
        Path launchFile = dataDir.resolve("launch.properties");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dataDir, e);
        }
        try (OutputStream out = Files.newOutputStream(launchFile)) {
            launch.store(out, "Nowcast broker process");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + launchFile, e);
        }
        process = JavaProcess.builder("Kafka broker process", KafkaBrokerMain.class.getName())
                .jvmArg("-Xmx" + heap)
                .jvmArg("-XX:+UseG1GC")
                .jvmArg("-Djava.io.tmpdir=" + dataDir)
                .jvmArg("-Dlogback.configurationFile=dev/nowcast/local/child-logback.xml")
                .arg(launchFile.toString())
                .logFile(dataDir.resolve("broker.log"))
                .start();
        process.awaitLogLine(READY, START_TIMEOUT);
        return this;
    }

    /** Clean shutdown (SIGTERM), keeping ports and data. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    /** SIGKILL: the broker dies without a clean shutdown, as in a machine failure. */
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
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

    /** Settings for a {@link KafkaBrokerProcess}. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private int controllerPort;
        private String heap = "1g";
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Keeps data in {@code dir} (not removed on close); by default a temporary directory is used and removed. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Maximum heap of the broker JVM, e.g. {@code 1g}. */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(key, value);
            return this;
        }

        public KafkaBrokerProcess build() {
            return new KafkaBrokerProcess(dataDir, port, controllerPort, brokerProperties, heap);
        }
    }
}
