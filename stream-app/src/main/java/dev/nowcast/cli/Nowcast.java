package dev.nowcast.cli;

import java.io.PrintWriter;

import dev.nowcast.config.ConfigException;
import dev.nowcast.trainer.cli.EvaluateCommand;
import dev.nowcast.trainer.cli.SuiteCommand;
import dev.nowcast.trainer.cli.KeygenCommand;
import dev.nowcast.trainer.cli.ReplayCommand;
import dev.nowcast.trainer.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** The {@code nowcast} command line: every subcommand of DESIGN.md. */
@Command(name = "nowcast", mixinStandardHelpOptions = true, versionProvider = Nowcast.Version.class,
        description = "Streaming time-series forecasting with recurrent networks on Apache Kafka.",
        subcommands = {DemoCommand.class, StreamCommand.class, TrainCommand.class, EvaluateCommand.class, SuiteCommand.class,
                ReplayCommand.class, KeygenCommand.class, CommandLine.HelpCommand.class})
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
        return new CommandLine(new Nowcast()).setExecutionExceptionHandler(new Errors());
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
            if (e instanceof ConfigException) {
                err.println("nowcast " + cmd.getCommandName() + ": bad setting " + e.getMessage());
                return USAGE;
            }
            if (e instanceof IllegalStateException || e instanceof java.io.UncheckedIOException) {
                err.println("nowcast " + cmd.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            err.println("nowcast " + cmd.getCommandName() + ": unexpected failure");
            e.printStackTrace(err);
            return 1;
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
