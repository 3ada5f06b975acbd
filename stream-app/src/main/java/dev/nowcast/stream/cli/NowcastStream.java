package dev.nowcast.stream.cli;

import dev.nowcast.config.cli.CommandLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The stream image's command line: {@code nowcast stream} alone, so that the image that serves forecasts holds
 * neither the trainer nor the embedded broker (the whole distribution's {@code nowcast} has every command).
 */
@Command(name = "nowcast", mixinStandardHelpOptions = true,
        description = "Streaming time-series forecasting with recurrent networks on Apache Kafka: the stream app.",
        subcommands = {StreamCommand.class, CommandLine.HelpCommand.class})
public final class NowcastStream implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(CommandLines.of(new NowcastStream()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
