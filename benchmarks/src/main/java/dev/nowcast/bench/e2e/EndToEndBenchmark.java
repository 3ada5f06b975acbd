package dev.nowcast.bench.e2e;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The end-to-end benchmark of the stream app: a real broker in its own process, a real Apicurio registry, and
 * {@code nowcast stream} in its own JVM, with the Kafka Streams floor (the identity topology) measured on the
 * same broker and data. One subcommand per scenario; each writes a JSON report (docs/benchmarks.md, "End to end").
 *
 * <p>Run from the repository root with the stream image's jar first (the app runs from it) and the distribution's
 * (the broker child process needs its embedded broker), and with the model's JVM options, which the app's JVM takes
 * from this one: {@code java @jvm.options -cp
 * benchmarks/target/classes:stream-app/target/nowcast-stream.jar:distribution/target/nowcast.jar
 * dev.nowcast.bench.e2e.EndToEndBenchmark throughput --series 1000}.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = "End-to-end benchmarks of nowcast stream against the Kafka Streams floor.",
        subcommands = {ThroughputScenario.class, LatencyScenario.class, RestoreScenario.class, ProfileCommand.class, CommandLine.HelpCommand.class})
public final class EndToEndBenchmark implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new EndToEndBenchmark()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
