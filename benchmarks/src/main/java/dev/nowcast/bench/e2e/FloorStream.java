package dev.nowcast.bench.e2e;

import dev.nowcast.config.cli.CommandLines;
import dev.nowcast.stream.cli.StreamCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nowcast stream} with the {@link FloorStep}: the end-to-end benchmark's identity variant, run in a JVM of
 * its own with the same arguments as the app.
 */
@Command(name = "nowcast-floor", description = "The stream app without the model: the end-to-end benchmark's floor.")
public final class FloorStream implements Runnable {

    public static void main(String[] args) {
        CommandLine line = CommandLines.of(new FloorStream()).addSubcommand("stream", new StreamCommand(new FloorStep()));
        System.exit(line.execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "expected the subcommand 'stream'");
    }
}
