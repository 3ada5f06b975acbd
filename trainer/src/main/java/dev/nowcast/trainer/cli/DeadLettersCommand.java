package dev.nowcast.trainer.cli;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.config.CommonSettings;
import dev.nowcast.config.NowcastConfig;
import dev.nowcast.trainer.deadletter.DeadLetterSelection;
import dev.nowcast.trainer.deadletter.DeadLetters;
import dev.nowcast.trainer.kafka.KafkaClients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nowcast dead-letters list|replay}: what the stream app rejected, and re-driving it after a fix. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Lists the records the stream app rejected (nowcast.dead-letters), by reason and time, and "
                + "replays selected ones to their source topics once the cause is fixed.",
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.ReplayCommand.class})
public final class DeadLettersCommand implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The selection and configuration options both subcommands share. */
    abstract static class Selecting extends TrainerCommand {
        @Option(names = "--reason", paramLabel = "REASON", split = ",", order = 0,
                description = "Only these reasons (comma-separated): ${COMPLETION-CANDIDATES}.")
        List<DeadLetterReason> reasons = List.of();

        @Option(names = "--since", paramLabel = "INSTANT", order = 1,
                description = "Only records rejected at or after this time (e.g. 2026-12-05T06:00:00Z).")
        Instant since;

        @Option(names = "--until", paramLabel = "INSTANT", order = 2, description = "Only records rejected before this time.")
        Instant until;

        @Option(names = "--source-topic", paramLabel = "TOPIC", order = 3,
                description = "Only records read from this topic.")
        String sourceTopic;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", order = 4,
                description = "At most this many, the oldest rejections first.")
        int limit;

        @Mixin
        ConfigOptions config = new ConfigOptions();

        /** The selected dead letters, read from the configured dead-letter topic. */
        List<DeadLetters.Entry> select(KafkaClients clients, NowcastConfig cfg) throws UsageException {
            DeadLetterSelection selection;
            try {
                selection = new DeadLetterSelection(reasons.isEmpty() ? EnumSet.noneOf(DeadLetterReason.class)
                        : EnumSet.copyOf(reasons), since, until, sourceTopic, limit);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage(), e);
            }
            return DeadLetters.read(clients, cfg.get(CommonSettings.TOPIC_DEAD_LETTERS), selection);
        }

        void print(List<DeadLetters.Entry> entries) {
            Map<DeadLetterReason, Integer> byReason = new TreeMap<>();
            for (DeadLetters.Entry e : entries) {
                DeadLetter d = e.letter();
                byReason.merge(d.getReason(), 1, Integer::sum);
                out().printf(Locale.ROOT, "%s  %-18s %s-%d@%d  key=%s  %s%n", d.getFailedAt(), d.getReason(),
                        d.getSourceTopic(), d.getPartition(), d.getOffset(), key(d), d.getDetail());
            }
            out().printf(Locale.ROOT, "%d dead letter(s)%s%n", entries.size(), byReason.isEmpty() ? ""
                    : "; by reason: " + byReason.toString().replaceAll("[{}]", "").replace("=", " "));
        }

        private static String key(DeadLetter d) {
            if (d.getKey() == null) {
                return "(none)";
            }
            java.nio.ByteBuffer b = d.getKey().duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Command(name = "list", sortOptions = false, showDefaultValues = true, usageHelpAutoWidth = true,
            description = "Prints the selected dead letters, oldest rejection first: when, why, where from (topic, "
                    + "partition, offset), the key and the detail; then the count by reason.")
    static final class ListCommand extends Selecting {
        @Override
        int execute() throws Exception {
            NowcastConfig cfg = config.load(environment());
            print(select(KafkaClients.from(cfg), cfg));
            return OK;
        }
    }

    @Command(name = "replay", sortOptions = false, showDefaultValues = true, usageHelpAutoWidth = true,
            description = {"Produces the selected dead letters' original key and value bytes, with their original "
                    + "timestamps, to the topics they came from, oldest rejection first. The stream app applies its "
                    + "usual rules: a point its series has moved past is LATE again, one it already holds is a "
                    + "dropped duplicate, so replaying twice forecasts nothing twice. Fix the cause first (a "
                    + "setting, the registry, the model); records rejected for their content (MALFORMED, "
                    + "NON_FINITE...) are rejected again. Refused weight snapshots are skipped: train again.", ""})
    static final class ReplayCommand extends Selecting {
        @Option(names = "--dry-run", order = 5, description = "List what would be replayed; produce nothing.")
        boolean dryRun;

        @Override
        int execute() throws Exception {
            NowcastConfig cfg = config.load(environment());
            KafkaClients clients = KafkaClients.from(cfg);
            List<DeadLetters.Entry> entries = select(clients, cfg);
            print(entries);
            if (dryRun) {
                out().println("dry run: nothing replayed");
                return OK;
            }
            DeadLetters.ReplayResult result = DeadLetters.replay(clients, entries);
            result.skippedWhy().forEach(why -> out().println("skipped " + why));
            out().printf(Locale.ROOT, "replayed %d record(s) to their source topics, skipped %d%n", result.replayed(),
                    result.skipped());
            return OK;
        }
    }
}
