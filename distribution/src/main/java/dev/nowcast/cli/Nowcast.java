package dev.nowcast.cli;

import dev.nowcast.config.cli.CommandLines;
import dev.nowcast.stream.cli.StreamCommand;
import dev.nowcast.trainer.cli.DeadLettersCommand;
import dev.nowcast.trainer.cli.EvaluateCommand;
import dev.nowcast.trainer.cli.KeygenCommand;
import dev.nowcast.trainer.cli.ReplayCommand;
import dev.nowcast.trainer.cli.SuiteCommand;
import dev.nowcast.trainer.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code nowcast} command line of the whole distribution: every subcommand of DESIGN.md, the demo included.
 * The stream image runs {@code NowcastStream} and the trainer image {@code NowcastTrainer}, each with only its own.
 */
@Command(name = "nowcast", mixinStandardHelpOptions = true,
        description = "Streaming time-series forecasting with recurrent networks on Apache Kafka.",
        subcommands = {DemoCommand.class, StreamCommand.class, TrainCommand.class, EvaluateCommand.class, SuiteCommand.class,
                ReplayCommand.class, DeadLettersCommand.class, KeygenCommand.class, CommandLine.HelpCommand.class})
public final class Nowcast implements Runnable {

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
        return CommandLines.of(new Nowcast());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
