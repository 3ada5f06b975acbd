package dev.nowcast.config.cli;

import java.io.PrintWriter;

import dev.nowcast.config.CommandErrors;
import dev.nowcast.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What every {@code nowcast} entry point shares (the whole distribution's, the stream image's and the trainer
 * image's): one error line per failure, a bad option answered with the error and where to look rather than the
 * whole usage, and {@code -V} on every command.
 */
public final class CommandLines {

    /** Exit code of a bad command line or setting (as picocli uses for usage errors). */
    public static final int USAGE = 2;

    private CommandLines() {
    }

    /** {@code root}'s command line with the shared handlers; {@code -V} prints the version of {@code root}'s jar. */
    public static CommandLine of(Object root) {
        CommandLine line = new CommandLine(root).setExecutionExceptionHandler(new Errors())
                .setParameterExceptionHandler(new BadArguments());
        withVersion(line, new Version(root.getClass()));
        return line;
    }

    private static void withVersion(CommandLine line, Version version) {
        line.getCommandSpec().versionProvider(version);
        line.getSubcommands().values().forEach(sub -> withVersion(sub, version));
    }

    /** A user's mistake is one clear line, not a stack trace; a defect keeps its stack trace. */
    static final class Errors implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
            PrintWriter err = cmd.getErr();
            String command = cmd.getCommandSpec().qualifiedName();
            if (e instanceof ConfigException c) {
                err.println(CommandErrors.badSetting(command, c));
                return USAGE;
            }
            if (e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
                err.println(CommandErrors.line(command, e.getMessage()));
                return 1;
            }
            err.println(CommandErrors.line(command, "unexpected failure"));
            e.printStackTrace(err);
            return 1;
        }
    }

    /** A bad option or argument: the error, picocli's suggestion if any, and where to look; not the whole usage. */
    static final class BadArguments implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException e, String[] args) {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            String command = cmd.getCommandSpec().qualifiedName();
            err.println(CommandErrors.line(command, e.getMessage()));
            UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run '" + command + " --help' for the options.");
            err.flush();
            return USAGE;
        }
    }

    /** The version from the manifest of the jar that holds the root command. */
    static final class Version implements CommandLine.IVersionProvider {
        private final Class<?> root;

        Version(Class<?> root) {
            this.root = root;
        }

        @Override
        public String[] getVersion() {
            String version = root.getPackage().getImplementationVersion();
            return new String[] {"nowcast " + (version == null ? "(development build)" : version)};
        }
    }
}
