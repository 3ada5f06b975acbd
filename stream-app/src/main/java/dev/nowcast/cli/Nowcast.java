package dev.nowcast.cli;

import java.io.PrintWriter;

import dev.nowcast.config.CommandErrors;
import dev.nowcast.config.ConfigException;
import dev.nowcast.trainer.cli.DeadLettersCommand;
import dev.nowcast.trainer.cli.EvaluateCommand;
import dev.nowcast.trainer.cli.SuiteCommand;
import dev.nowcast.trainer.cli.KeygenCommand;
import dev.nowcast.trainer.cli.ReplayCommand;
import dev.nowcast.trainer.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import picocli.CommandLine.ParseResult;

/** The {@code nowcast} command line: every subcommand of DESIGN.md. */
@Command(name = "nowcast", mixinStandardHelpOptions = true, versionProvider = Nowcast.Version.class,
        description = "Streaming time-series forecasting with recurrent networks on Apache Kafka.",
        subcommands = {DemoCommand.class, StreamCommand.class, TrainCommand.class, EvaluateCommand.class, SuiteCommand.class,
                ReplayCommand.class, DeadLettersCommand.class, KeygenCommand.class, CommandLine.HelpCommand.class})
public final class Nowcast implements Runnable {

    /** Exit code of a bad command line or setting (as picocli uses for usage errors). */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("demo") && System.getProperty("logback.configurationFile") == null) {
            // Before the first logger exists: the demo's console shows its own progress, not every INFO line.
            System.setProperty("logback.configurationFile", "logback-demo.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Nowcast()).setExecutionExceptionHandler(new Errors())
                .setParameterExceptionHandler(new BadArguments());
        // Every command answers -V with the distribution's version (the trainer's commands cannot know it).
        withVersion(line);
        return line;
    }

    private static void withVersion(CommandLine line) {
        line.getSubcommands().values().forEach(sub -> {
            sub.getCommandSpec().versionProvider(new Version());
            withVersion(sub);
        });
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
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

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Nowcast.class.getPackage().getImplementationVersion();
            return new String[] {"nowcast " + (version == null ? "(development build)" : version)};
        }
    }
}
