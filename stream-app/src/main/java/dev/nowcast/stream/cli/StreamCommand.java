package dev.nowcast.stream.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.nowcast.config.CommandErrors;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.config.StreamSettings;
import dev.nowcast.stream.topology.SeriesStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nowcast stream}: runs the forecasting processor against a Kafka cluster until stopped. */
@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the streaming forecaster against a Kafka cluster until stopped (SIGTERM or Ctrl-C). "
                + "Settings come from --config, environment variables (NOWCAST_BOOTSTRAP_SERVERS, ...) and --set, in "
                + "rising order of precedence; any Kafka Streams or client setting passes through with the prefix "
                + "'kafka.' (NOWCAST_KAFKA_* in the environment). Every setting is listed in the README.",
        footer = {"", "Example:", "  nowcast stream --config nowcast.properties --set nowcast.http.port=8081"})
public final class StreamCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with nowcast.* and kafka.* settings.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A setting, overriding the file and the environment.")
    Map<String, String> overrides = new LinkedHashMap<>();

    private final SeriesStep step;

    public StreamCommand() {
        this(SeriesStep.FORECASTER);
    }

    /** The command with another per-series step: the end-to-end benchmark runs its floor through it. */
    public StreamCommand(SeriesStep step) {
        this.step = step;
    }

    @Override
    public Integer call() throws Exception {
        NowcastConfig settings = NowcastConfig.load(config, System.getenv(), overrides, StreamSettings.ALL,
                StreamSettings.passthrough());
        NowcastStreamApp app = NowcastStreamApp.start(settings, step);
        Thread shutdown = new Thread(app::close, "nowcast-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        System.out.println("Nowcast is running: " + app.httpUrl() + "/health/ready, " + app.httpUrl() + "/metrics");
        Throwable fatal = app.awaitStop();
        if (fatal != null) {
            System.err.println(CommandErrors.line("nowcast stream", "stopped after a fatal error: " + fatal));
            return 1;
        }
        return 0;
    }
}
