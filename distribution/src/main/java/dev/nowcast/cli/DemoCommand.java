package dev.nowcast.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.nowcast.config.cli.PositiveDuration;
import dev.nowcast.demo.Demo;
import dev.nowcast.demo.DemoSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast demo}: everything local, in one command, until Ctrl-C. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Runs all of Nowcast on this machine: a Kafka broker and a schema registry on 127.0.0.1, two "
                + "real datasets replayed at an accelerated pace, first models trained on early history, the stream "
                + "app with its live page, and a retraining whose new model versions are swapped in live. Ctrl-C stops "
                + "everything and removes every temporary file.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka's port on 127.0.0.1 (0: a free one).")
    int kafkaPort;

    @Option(names = "--registry-port", defaultValue = "8081", description = "The schema registry's port (0: a free one).")
    int registryPort;

    @Option(names = "--http-port", defaultValue = "8080", description = "The live page's port (0: a free one).")
    int httpPort;

    @Option(names = "--points-per-second", defaultValue = "4", paramLabel = "N",
            description = "Replay pace: points per second of every series.")
    double pointsPerSecond;

    @Option(names = "--train-fraction", defaultValue = "0.3", paramLabel = "F",
            description = "Share of each series' history the first models train on.")
    double trainFraction;

    @Option(names = "--retrain-after", defaultValue = "90s", paramLabel = "DURATION", converter = PositiveDuration.class,
            description = "When to retrain on what was replayed so far and swap the new versions in.")
    Duration retrainAfter;

    @Option(names = "--duration", paramLabel = "DURATION", converter = PositiveDuration.class,
            description = "Stop by itself after this long (default: run until Ctrl-C).")
    Duration duration;

    @Option(names = "--epochs", defaultValue = "4", paramLabel = "N",
            description = "Training epochs of the demo's models (few, so that it starts quickly).")
    int epochs;

    @Override
    public Integer call() throws Exception {
        if (!(pointsPerSecond > 0) || !(trainFraction > 0 && trainFraction < 1) || epochs < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--points-per-second must be > 0, --train-fraction in (0, 1), --epochs >= 1");
        }
        DemoSettings settings = new DemoSettings(kafkaPort, registryPort, httpPort, pointsPerSecond, trainFraction,
                retrainAfter, duration, epochs);
        Demo demo = new Demo(settings, System.out);
        Thread stop = new Thread(demo::close, "nowcast-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            demo.start();
            demo.awaitEnd();
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running demo.close() already
            }
        }
        return 0;
    }
}
