package dev.nowcast.trainer.cli;

import dev.nowcast.config.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The trainer image's command line (the retraining CronJobs): the training and operating commands, without the
 * stream app or the embedded broker (the whole distribution's {@code nowcast} has every command).
 */
@Command(name = "nowcast", mixinStandardHelpOptions = true,
        description = "Training, evaluation and operator commands of Nowcast.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, SuiteCommand.class, ReplayCommand.class,
                DeadLettersCommand.class, KeygenCommand.class, CommandLine.HelpCommand.class})
public final class NowcastTrainer implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(CommandLines.of(new NowcastTrainer()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
