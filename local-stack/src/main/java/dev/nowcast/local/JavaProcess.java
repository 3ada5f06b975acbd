package dev.nowcast.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java program running as a child OS process under a {@link ParentWatchdog}: it ends when this JVM ends,
 * however this JVM ends. Output (stdout and stderr) goes to a log file, which is also how readiness is
 * detected ({@link #awaitLogLine}).
 */
public final class JavaProcess implements AutoCloseable {

    private static final Set<JavaProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(p -> p.stop(Duration.ofSeconds(10))),
                "nowcast-child-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long logStart;

    private JavaProcess(String name, Process process, Path logFile, long logStart) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.logStart = logStart;
    }

    /**
     * This JVM's own model options, from jvm.options (its modules and compile commands), for a child JVM that runs
     * the model's kernels as this JVM does.
     *
     * @throws IllegalStateException when this JVM was started without them: a child measured or tested with the
     *                               scalar kernels would say so only in its log
     */
    public static List<String> modelJvmOptions() {
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(o -> o.startsWith("--add-modules=jdk.") || o.startsWith("-XX:CompileCommand=")).toList();
        if (options.stream().noneMatch(o -> o.startsWith("--add-modules=jdk.incubator.vector"))) {
            throw new IllegalStateException("this JVM was started without the model's JVM options, which its child "
                    + "takes from it: start it with java @jvm.options (the file at the repository's root)");
        }
        return options;
    }

    public static Builder builder(String name, String mainClass) {
        return new Builder(name, mainClass);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Ends the process with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
        LIVE.remove(this);
    }

    /** Asks the process to stop (SIGTERM, running its shutdown hooks), and kills it after {@code grace}. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            if (!waitForExit(grace)) {
                process.destroyForcibly();
                waitForExit(Duration.ofSeconds(30));
            }
        }
        LIVE.remove(this);
    }

    /** Waits for the exit and returns the exit code, or empty if it is still running after {@code timeout}. */
    public Optional<Integer> waitFor(Duration timeout) {
        return waitForExit(timeout) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    /**
     * Waits until a line of the log matches {@code pattern} and returns the match.
     *
     * @throws IllegalStateException if the process exits first or {@code timeout} passes; the message carries
     *                               the tail of the log
     */
    public Matcher awaitLogLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : readLog()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready; last lines of " + logFile + ":\n" + logTail(40));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; last lines of "
                        + logFile + ":\n" + logTail(40));
            }
            sleep(100);
        }
    }

    /** The last {@code lines} lines this process wrote (earlier runs appending to the same file excluded). */
    public String logTail(int lines) {
        List<String> all = readLog();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private List<String> readLog() {
        try {
            if (!Files.exists(logFile)) {
                return List.of();
            }
            byte[] bytes = Files.readAllBytes(logFile);
            int from = (int) Math.min(logStart, bytes.length);
            return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + logFile, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** How to start a {@link JavaProcess}. */
    public static final class Builder {
        private final String name;
        private final String mainClass;
        private String classpath = System.getProperty("java.class.path");
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workDir;
        private Path logFile;

        private Builder(String name, String mainClass) {
            this.name = name;
            this.mainClass = mainClass;
        }

        /** The class path; defaults to this JVM's. */
        public Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** {@link JavaProcess#modelJvmOptions()}, for the child. */
        public Builder modelJvmOptions() {
            jvmArgs.addAll(JavaProcess.modelJvmOptions());
            return this;
        }

        public Builder arg(String arg) {
            args.add(arg);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        /** Where stdout and stderr go (appended); required. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public JavaProcess start() {
            if (logFile == null) {
                throw new IllegalStateException("JavaProcess " + name + ": logFile is required");
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(classpath + java.io.File.pathSeparator + LocalStackJar.location());
            command.add(ParentWatchdog.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
            command.add(mainClass);
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            builder.environment().putAll(env);
            try {
                long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
                JavaProcess started = new JavaProcess(name, builder.start(), logFile, logStart);
                LIVE.add(started);
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + name + ": " + command, e);
            }
        }
    }
}
