package dev.nowcast.trainer.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import dev.nowcast.config.cli.PositiveDuration;
import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.ModelBinding;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.trainer.kafka.KafkaClients;
import dev.nowcast.trainer.kafka.Topics;
import dev.nowcast.trainer.replay.Replay;
import dev.nowcast.trainer.replay.ReplayPace;
import dev.nowcast.trainer.replay.ReplayProgress;
import dev.nowcast.trainer.replay.ReplayResult;
import dev.nowcast.trainer.replay.ReplaySettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nowcast replay}: produces a CSV into an observation topic in event-time order, at a chosen pace. */
@Command(name = "replay", sortOptions = false, showDefaultValues = true,
        usageHelpAutoWidth = true,
        description = {
            "Produces a CSV in the long format key,timestamp,value[,covariates...] into an observation topic as "
                    + "Observation records (key: the series id, Kafka timestamp: the event time), all keys "
                    + "interleaved in event-time order, through an idempotent producer. Paced by --speed (event-time "
                    + "acceleration: 3600 replays an hour per second) or --rate (records per second), or as fast as "
                    + "possible. Ctrl-C stops cleanly after flushing what was sent; a second Ctrl-C aborts.",
            ""},
        footer = {"", "Exit codes: 0 done or stopped, 1 runtime failure, 2 usage or configuration error."})
public final class ReplayCommand extends TrainerCommand {

    @Option(names = "--csv", required = true, paramLabel = "FILE", order = 0, description = "The history to replay.")
    Path csv;

    @Option(names = "--topic", paramLabel = "TOPIC", order = 1,
            description = "Observation topic. Default: the first topic bound to --model in nowcast.models.")
    String topic;

    @Option(names = "--model", paramLabel = "NAME", order = 2,
            description = "Replay into this model's first topic in nowcast.models (when --topic is not given).")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Pace pace;

    /** At most one way to pace. */
    static final class Pace {
        @Option(names = "--speed", paramLabel = "FACTOR", required = true, order = 3,
                description = "Event time runs this many times faster than wall time (3600: an hour per second).")
        Double speed;

        @Option(names = "--rate", paramLabel = "RECORDS/S", required = true, order = 4,
                description = "Records per second.")
        Double rate;
    }

    @Option(names = "--create-topic", order = 5,
            description = "Create the topic if missing (with --partitions, and retention.ms=-1 so that old event "
                    + "times are not deleted at once).")
    boolean createTopic;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "3", order = 6,
            description = "Partitions of a topic made by --create-topic.")
    int partitions;

    @Option(names = "--progress", paramLabel = "DURATION", defaultValue = "5s", order = 7,
            converter = PositiveDuration.class, description = "Interval of the progress lines.")
    Duration progress;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    int execute() throws Exception {
        if (!Files.isReadable(csv)) {
            throw new UsageException("--csv " + csv + ": no such readable file");
        }
        if (partitions < 1) {
            throw new UsageException("--partitions must be >= 1, got " + partitions);
        }
        NowcastConfig cfg = config.load(environment());
        String target = topic(cfg);
        ReplayPace replayPace;
        try {
            replayPace = pace == null ? ReplayPace.asFastAsPossible()
                    : pace.speed != null ? ReplayPace.speed(pace.speed) : ReplayPace.rate(pace.rate);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        KafkaClients clients = KafkaClients.from(cfg);
        if (createTopic) {
            if (Topics.createIfMissing(clients, new NewTopic(target, Optional.of(partitions), Optional.empty())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))) {
                out().printf(Locale.ROOT, "created topic %s (%d partitions, retention.ms=-1)%n", target, partitions);
            }
        } else if (!Topics.exists(clients, target)) {
            throw new UsageException("topic " + target + " does not exist (or may not be described by this client); "
                    + "create it, or pass --create-topic");
        }
        Replay replay = Replay.fromCsv(csv, new ReplaySettings(target, replayPace, progress), clients);
        out().printf(Locale.ROOT, "replaying %,d records of %s into %s, %s%n", replay.total(), csv, target, replayPace);
        out().flush();
        ReplayResult result;
        try (CtrlC ctrlC = CtrlC.install(() -> {
            err().println();
            err().println("stopping: flushing what was sent (Ctrl-C again to abort)");
            err().flush();
            replay.stop();
        }, () -> {
            err().println("aborted");
            err().flush();
            System.exit(INTERRUPTED);
        })) {
            CompletableFuture<ReplayResult> running = replay.start(this::print);
            try {
                result = running.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Exception cause) {
                    throw cause;
                }
                throw e;
            }
        }
        ReplayProgress p = result.progress();
        out().printf(Locale.ROOT, "%s: %,d of %,d records in %s (%,.0f records/s)%n",
                result.stopped() ? "stopped" : "done", p.acknowledged(), p.total(), DurationText.clock(p.elapsedMillis()),
                p.recordsPerSecond());
        out().flush();
        return OK;
    }

    private void print(ReplayProgress p) {
        if (p.sent() == p.total() || p.sent() == 0) {
            return;
        }
        out().printf(Locale.ROOT, "sent %,d/%,d (%.1f%%), event time %s, %,.0f records/s%n", p.sent(), p.total(),
                100 * p.fraction(), Instant.ofEpochMilli(p.eventTime()), p.recordsPerSecond());
        out().flush();
    }

    private String topic(NowcastConfig cfg) {
        if (topic != null) {
            return topic;
        }
        if (model == null) {
            throw new UsageException("give --topic, or --model to use its topic in " + CommonSettings.MODELS.key());
        }
        List<ModelBinding> bindings = cfg.get(CommonSettings.MODELS);
        return bindings.stream().filter(b -> b.model().equals(model)).findFirst().map(b -> b.topics().get(0))
                .orElseThrow(() -> new UsageException("model " + model + " has no topic in "
                        + CommonSettings.MODELS.key() + " " + bindings.stream().map(ModelBinding::model).toList()));
    }
}
