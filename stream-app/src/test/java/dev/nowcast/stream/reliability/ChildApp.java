package dev.nowcast.stream.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.nowcast.local.JavaProcess;
import dev.nowcast.local.StreamAppProcess;
import dev.nowcast.stream.cli.NowcastStream;

/**
 * How the reliability tests run {@code nowcast stream}: a child OS process on this JVM's class path, so that it can
 * be killed with SIGKILL as a crash or an evicted pod would be, and restarted on the same state directory. Its
 * output is appended to {@code target/reliability/<name>.log}, kept for diagnosis.
 */
final class ChildApp {
    private static final Path LOGS = Path.of("target", "reliability");

    private ChildApp() {
    }

    static StreamAppProcess start(String name, Map<String, String> settings) {
        try {
            Files.createDirectories(LOGS);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + LOGS, e);
        }
        return StreamAppProcess.start(JavaProcess.builder(name, NowcastStream.class.getName())
                .jvmArg("-Xmx512m")
                .jvmArg("-Djava.net.preferIPv4Stack=true")
                .modelJvmOptions()
                .logFile(LOGS.resolve(name + ".log")), settings);
    }
}
