package dev.nowcast.stream.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import dev.nowcast.stream.cli.NowcastStream;
import dev.nowcast.local.JavaProcess;
import dev.nowcast.stream.testing.StreamAppFixture;

/**
 * {@code nowcast stream} as a child OS process on this JVM's class path, as a pod runs it: it can be killed with
 * SIGKILL, as a crash or an evicted pod would be, and restarted on the same state directory. Its output is
 * appended to a log file under {@code target/reliability/}, kept for diagnosis.
 */
final class StreamAppProcess implements AutoCloseable {

    /** What {@code nowcast stream} prints once it has started (before Kafka Streams' first rebalance). */
    private static final Pattern STARTED = Pattern.compile("Nowcast is running: (http://\\S+)/health/ready");
    private static final Path LOGS = Path.of("target", "reliability");

    private final JavaProcess process;
    private String httpUrl;

    private StreamAppProcess(JavaProcess process) {
        this.process = process;
    }

    /** Starts {@code nowcast stream --set k=v ...} with {@code settings}; output goes to {@code target/reliability/<name>.log}. */
    static StreamAppProcess start(String name, Map<String, String> settings) {
        try {
            Files.createDirectories(LOGS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + LOGS, e);
        }
        JavaProcess.Builder builder = JavaProcess.builder(name, NowcastStream.class.getName())
                .jvmArg("-Xmx512m")
                .jvmArg("-Djava.net.preferIPv4Stack=true")
                .jvmArg("--add-modules=jdk.incubator.vector")
                .logFile(LOGS.resolve(name + ".log"))
                .arg("stream");
        settings.forEach((key, value) -> builder.arg("--set").arg(key + "=" + value));
        return new StreamAppProcess(builder.start());
    }

    /** Waits until the app has started (settings and topics checked, Kafka Streams starting, HTTP serving). */
    StreamAppProcess awaitStarted(Duration timeout) {
        httpUrl = process.awaitLogLine(STARTED, timeout).group(1);
        return this;
    }

    /** Waits until {@code /health/ready} answers 200: Kafka Streams running and every model in service. */
    StreamAppProcess awaitReady(Duration timeout) throws Exception {
        awaitStarted(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<String> ready;
        while ((ready = StreamAppFixture.get(httpUrl + "/health/ready")).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within " + timeout + ": " + ready.body() + "; log:\n" + logTail(30));
            }
            Thread.sleep(200);
        }
        return this;
    }

    /** The HTTP base URL, once {@link #awaitStarted started}. */
    String httpUrl() {
        return httpUrl;
    }

    /** Everything this run has written so far (earlier runs appending to the same file excluded). */
    String log() {
        return process.logTail(Integer.MAX_VALUE);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no clean close of Kafka Streams, RocksDB or the transactional producer. */
    void kill() {
        process.kill();
    }

    /**
     * SIGTERM: the app closes cleanly in its shutdown hook. Returns the exit code: 143 (128 + SIGTERM) after a clean
     * shutdown, 137 if it had to be killed after {@code grace}.
     */
    int stop(Duration grace) {
        process.stop(grace);
        return process.waitFor(Duration.ZERO).orElseThrow();
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }

    @Override
    public void close() {
        process.close();
    }
}
