package dev.nowcast.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nowcast.local.JavaProcess;
import dev.nowcast.stream.testing.StreamAppFixture;

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
        Path log = tmp.resolve("demo.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:-UsePerfData", "-Djava.io.tmpdir=" + javaTmp));
        // The demo runs the model as the launcher starts it, with jvm.options (this JVM's).
        command.addAll(JavaProcess.modelJvmOptions());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.nowcast.cli.Nowcast", "demo",
                "--kafka-port", "0", "--registry-port", "0", "--http-port", "0", "--epochs", "1"));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Supplier<String> output = () -> {
            try {
                return Files.readString(log);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try {
            String page = awaitLine(output, demo, Duration.ofSeconds(150));
            assertThat(StreamAppFixture.get(page).statusCode()).isEqualTo(200);
            assertThat(output.get()).contains("Kafka bootstrap  127.0.0.1:")
                    .contains("Schema registry  http://127.0.0.1:").contains("/apis/ccompat/v7")
                    .contains("Kafka's log      " + javaTmp);
            // The in-JVM broker's and clients' lines go to that file, not to the console.
            assertThat(output.get().lines().filter(l -> l.contains(" kafka.") || l.contains("o.a.k.")
                    || l.contains("org.apache.kafka") || l.contains("OutOfOrderSequence")).toList()).isEmpty();
            List<ProcessHandle> children = new ArrayList<>(demo.toHandle().descendants().toList());
            assertThat(children).as("the registry runs as a child process").isNotEmpty();

            demo.destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            for (ProcessHandle child : children) {
                child.onExit().get(30, TimeUnit.SECONDS);
                assertThat(child.isAlive()).isFalse();
            }
            assertThat(output.get()).contains("Stopped; nothing left running, temporary files removed");
            try (Stream<Path> left = Files.list(javaTmp)) {
                assertThat(left.toList()).as("files left in the demo's temporary directory").isEmpty();
            }
        } finally {
            demo.destroyForcibly();
        }
    }

    private static String awaitLine(Supplier<String> output, Process demo, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = PAGE.matcher(output.get());
            if (m.find()) {
                return m.group(1);
            }
            if (!demo.isAlive()) {
                throw new AssertionError("the demo exited early:\n" + output.get());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no page URL within " + timeout + ":\n" + output.get());
    }
}
