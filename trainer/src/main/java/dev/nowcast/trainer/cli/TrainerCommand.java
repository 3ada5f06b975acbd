package dev.nowcast.trainer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

import org.apache.kafka.common.KafkaException;

import dev.nowcast.config.CommandErrors;
import dev.nowcast.config.ConfigException;
import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.schemas.registry.RegistryUnavailableException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What the trainer's commands share: their output streams (the command line's, so that a parent command or a
 * test can redirect them), the environment, and one mapping of failures to exit codes and messages, so that
 * no user error prints a stack trace whichever root command they run under: {@value #USAGE} for usage and
 * configuration errors, {@value #FAILURE} for runtime failures, {@value #INTERRUPTED} when interrupted.
 */
abstract class TrainerCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 99, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, order = 100, description = "Print the version and exit.")
    boolean version;

    private Map<String, String> environment = System.getenv();

    /** Replaces the environment variables the configuration is read from (tests). */
    void environment(Map<String, String> env) {
        this.environment = env;
    }

    Map<String, String> environment() {
        return environment;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The command's work; exceptions are turned into messages and exit codes by {@link #call()}. */
    abstract int execute() throws Exception;

    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (UsageException e) {
            return fail(USAGE, e.getMessage() + " (see --help)");
        } catch (ConfigException e) {
            return report(USAGE, CommandErrors.badSetting(spec.qualifiedName(), e));
        } catch (org.apache.kafka.common.config.ConfigException e) {
            return fail(USAGE, "bad setting " + e.getMessage());
        } catch (CancellationException e) {
            return fail(INTERRUPTED, "cancelled: " + e.getMessage());
        } catch (NoSuchFileException e) {
            return fail(FAILURE, e.getFile() + ": " + (e.getReason() == null ? "no such file" : e.getReason()));
        } catch (IOException | SnapshotException | IllegalArgumentException e) {
            return fail(FAILURE, e.getMessage());
        } catch (RegistryUnavailableException e) {
            return fail(FAILURE, "schema registry unavailable: " + e.getMessage());
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return fail(FAILURE, "Kafka did not answer in time: " + e.getMessage());
        } catch (KafkaException e) {
            return fail(FAILURE, "Kafka: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            return fail(FAILURE, "out of memory: give the JVM more heap (-Xmx) or keep less history "
                    + "(--max-series, --max-points; a run holds about 70 bytes per point kept)");
        } catch (Exception e) {
            // Not a user error: a bug or an environment problem; the stack trace is what helps then.
            err().println(CommandErrors.line(spec.qualifiedName(), e.toString()));
            e.printStackTrace(err());
            err().flush();
            return FAILURE;
        }
    }

    private int fail(int code, String message) {
        return report(code, CommandErrors.line(spec.qualifiedName(), message));
    }

    private int report(int code, String line) {
        err().println(line);
        err().flush();
        return code;
    }
}
