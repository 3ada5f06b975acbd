package dev.nowcast.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code nowcast stream} in a JVM of its own, as a pod runs it: started with {@code --set} settings, awaited until
 * it serves, read over HTTP, and stopped with SIGTERM or killed with SIGKILL. The reliability tests crash and
 * restart it; the end-to-end benchmark measures it from outside.
 */
public final class StreamAppProcess implements AutoCloseable {

    /** What {@code nowcast stream} prints once it has started (before Kafka Streams' first rebalance). */
    private static final Pattern STARTED = Pattern.compile("Nowcast is running: (http://\\S+)/health/ready");

    private final JavaProcess process;
    private final long launched = System.nanoTime();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String httpUrl;
    private Duration readyAfter;

    private StreamAppProcess(JavaProcess process) {
        this.process = process;
    }

    /**
     * Starts {@code process} (its main class, class path, JVM options and log file) with the arguments of
     * {@code nowcast stream} and {@code settings} as {@code --set key=value}.
     */
    public static StreamAppProcess start(JavaProcess.Builder process, Map<String, String> settings) {
        process.arg("stream");
        settings.forEach((key, value) -> process.arg("--set").arg(key + "=" + value));
        return new StreamAppProcess(process.start());
    }

    /** Waits until the app has started (settings and topics checked, Kafka Streams starting, HTTP serving). */
    public StreamAppProcess awaitStarted(Duration timeout) {
        httpUrl = process.awaitLogLine(STARTED, timeout).group(1);
        return this;
    }

    /**
     * Waits until {@code /health/ready} answers 200: Kafka Streams running and every model in service.
     *
     * @throws IllegalStateException if the app exits or is not ready within {@code timeout}, with the last lines
     *                               of its log
     */
    public StreamAppProcess awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        awaitStarted(timeout);
        HttpResponse<String> ready;
        while ((ready = get("/health/ready")).statusCode() != 200) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("nowcast stream (" + process.pid() + ") did not become ready"
                        + (process.isAlive() ? " within " + timeout : " (it exited)") + ": " + ready.body()
                        + "; last lines of its log:\n" + process.logTail(40));
            }
            sleep(100);
        }
        readyAfter = Duration.ofNanos(System.nanoTime() - launched);
        return this;
    }

    /** From the start to {@link #awaitReady ready}. */
    public Duration readyAfter() {
        return readyAfter;
    }

    /** The HTTP base URL, once {@link #awaitStarted started}. */
    public String httpUrl() {
        return httpUrl;
    }

    /** GET {@code path} on the app's HTTP port, once started. */
    public HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpUrl + path)).timeout(Duration.ofSeconds(30))
                .GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + httpUrl + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
    }

    /** Everything this run has written so far (earlier runs appending to the same file excluded). */
    public String log() {
        return process.logTail(Integer.MAX_VALUE);
    }

    public String logTail(int lines) {
        return process.logTail(lines);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no clean close of Kafka Streams, RocksDB or the transactional producer. */
    public void kill() {
        process.kill();
    }

    /**
     * SIGTERM: the app closes cleanly in its shutdown hook. Returns the exit code: 143 (128 + SIGTERM) after a clean
     * shutdown, 137 if it had to be killed after {@code grace}.
     */
    public int stop(Duration grace) {
        process.stop(grace);
        return process.waitFor(Duration.ZERO).orElseThrow();
    }

    @Override
    public void close() {
        process.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for nowcast stream", e);
        }
    }
}
