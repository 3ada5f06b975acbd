package dev.nowcast.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nowcast demo} as a user runs it, in a process of its own: it comes up with the page, the broker and the
 * registry it announces, and on SIGTERM (the JVM's Ctrl-C path) it stops everything it started and leaves no
 * file behind in its temporary directory.
 */
class DemoCommandIT {

    private static final Pattern PAGE = Pattern.compile("Live page\\s+(http://127\\.0\\.0\\.1:\\d+/)");

    @Test
    void theDemoRunsAndStopsCleanly(@TempDir Path tmp) throws Exception {
        Path javaTmp = Files.createDirectories(tmp.resolve("java-tmp"));
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "-Djava.io.tmpdir=" + javaTmp, "-cp", System.getProperty("java.class.path"),
                "dev.nowcast.cli.Nowcast", "demo", "--kafka-port", "0", "--registry-port", "0", "--http-port", "0",
                "--epochs", "1").redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture.runAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                reader.lines().forEach(output::add);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            String page = awaitLine(output, demo, Duration.ofSeconds(150));
            assertThat(StreamAppFixture.get(page).statusCode()).isEqualTo(200);
            assertThat(String.join("\n", output)).contains("Kafka bootstrap  127.0.0.1:")
                    .contains("Schema registry  http://127.0.0.1:").contains("/apis/ccompat/v7");
            List<ProcessHandle> children = new ArrayList<>(demo.toHandle().descendants().toList());
            assertThat(children).as("the registry runs as a child process").isNotEmpty();

            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
                assertThat(child.isAlive()).isFalse();
            }
            assertThat(String.join("\n", output)).contains("Stopped; nothing left running, temporary files removed");
            try (Stream<Path> left = Files.list(javaTmp)) {
                assertThat(left.toList()).as("files left in the demo's temporary directory").isEmpty();
            }
        } finally {
            demo.destroyForcibly();
        }
    }

    private static String awaitLine(List<String> output, Process demo, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                Matcher m = PAGE.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
            if (!demo.isAlive()) {
                throw new AssertionError("the demo exited early:\n" + String.join("\n", output));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no page URL within " + timeout + ":\n" + String.join("\n", output));
    }
}
