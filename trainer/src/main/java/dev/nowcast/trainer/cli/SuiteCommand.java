package dev.nowcast.trainer.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

import dev.nowcast.model.snapshot.SnapshotException;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingDefaults;
import dev.nowcast.trainer.job.TrainingJobListener;
import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.suite.Baselines;
import dev.nowcast.trainer.suite.SuiteDataset;
import dev.nowcast.trainer.suite.SuiteFailure;
import dev.nowcast.trainer.suite.SuiteResult;
import dev.nowcast.trainer.suite.SuiteRunner;
import dev.nowcast.trainer.suite.SuiteTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nowcast suite DIR}: trains and scores every dataset of an accuracy-suite folder against its baselines. */
@Command(name = "suite", sortOptions = false, showDefaultValues = true, usageHelpAutoWidth = true,
        description = {
            "Runs the accuracy suite on a folder laid out as shared/data/suite: suite.txt (lines NAME SEASON KIND), "
                    + "NAME.csv (key,timestamp,value) and optionally stat_baselines.json (the classical forecasts' "
                    + "MAE; where it has none, naive and seasonal naive on the scored points are the baselines). "
                    + "For every dataset it trains with the trainer's defaults on the first 80%% of each key "
                    + "only (as train --csv --no-publish would), scores the last 20%% as evaluate does, and prints "
                    + "the table against the baselines and the bar (MAE at most the best classical forecast, within "
                    + "1.02 x the better simple rule, p10-p90 coverage 75-85%% at horizon 1 and 70-90%% at every "
                    + "horizon and on 90%% of keys). Its score column is the one-step intervals' mean interval "
                    + "score over the naive MAE: lower is sharper at the same coverage.",
            ""},
        footer = {"", "A dataset that cannot be trained or scored is reported as failed and the others still run; "
                + "the table and the JSON list it.",
            "", "Exit codes: 0 done (whatever the scores), 1 runtime failure (a dataset failed, after the table and "
                + "JSON are written), 2 usage error."})
public final class SuiteCommand extends TrainerCommand {

    @Parameters(index = "0", paramLabel = "DIR", description = "The suite folder.")
    Path folder;

    @Option(names = "--only", split = ",", paramLabel = "NAME",
            description = "Run only these datasets (comma-separated or repeated).")
    List<String> only;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to this file.")
    Path json;

    @Option(names = "--forecasts", paramLabel = "DIR", description = "Also write each dataset's scored one-step "
            + "forecasts to DIR/NAME.csv (key,point,timestamp,actual,forecast,p10,p90), to compare or combine them "
            + "with forecasts of your own on exactly the scored points.")
    Path forecasts;

    @Option(names = "--threads", paramLabel = "N", description = "Training and evaluation threads. Default: one per "
            + "core.")
    Integer threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + TrainingDefaults.SEED,
            description = "The training seed of every dataset, as train --seed. The figures move with it where a "
                    + "network is trained: run two or three seeds before reading a change of a set or two.")
    long seed = TrainingDefaults.SEED;

    @Override
    int execute() throws Exception {
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be >= 1, got " + threads);
        }
        if (forecasts != null && !Files.isDirectory(forecasts)) {
            throw new UsageException("--forecasts must be an existing folder, got " + forecasts);
        }
        List<SuiteDataset> sets = selected(SuiteDataset.list(folder));
        Map<String, Baselines> baselines = SuiteRunner.baselines(folder);
        TrainingConfig.Builder config = TrainingConfig.builder().seed(seed);
        if (threads != null) {
            config.threads(threads);
        }
        Path work = Files.createTempDirectory("nowcast-suite");
        // Ctrl-C ends the JVM as usual; the hook removes the training CSVs it may leave behind.
        Thread cleanup = new Thread(() -> deleteQuietly(work), "suite-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        List<SuiteResult> results = new ArrayList<>();
        List<SuiteFailure> failures = new ArrayList<>();
        try {
            SuiteRunner runner = new SuiteRunner(config.build(), work);
            if (forecasts != null) {
                runner = runner.withForecasts(forecasts);
            }
            for (int i = 0; i < sets.size(); i++) {
                SuiteDataset set = sets.get(i);
                out().printf(Locale.ROOT, "[%d/%d] %s: training on the first 80%% of each key...%n", i + 1,
                        sets.size(), set.name());
                out().flush();
                try {
                    SuiteResult r = runner.run(set, baselines.getOrDefault(set.name(), Baselines.NONE),
                            epochDots(), () -> false);
                    results.add(r);
                    out().printf(Locale.ROOT, "[%d/%d] %s: MAE %.5g (best classical %.5g, ratio %.3f), coverage "
                                    + "%.3f, trained in %.1f s; %s%n", i + 1, sets.size(), set.name(), r.mae(),
                            r.baselines().bestClassical(), r.ratioToBestClassical(), r.coverage(),
                            r.trainMillis() / 1000.0, r.model());
                } catch (CancellationException e) {
                    throw e;
                } catch (Exception e) {
                    // One unusable dataset must not cost the others' results: it is reported and counted as failed.
                    boolean userError = e instanceof IOException || e instanceof SnapshotException
                            || e instanceof IllegalArgumentException;
                    String reason = userError && e.getMessage() != null ? e.getMessage() : e.toString();
                    failures.add(new SuiteFailure(set.name(), set.kind(), reason));
                    err().printf(Locale.ROOT, "[%d/%d] %s: FAILED: %s%n", i + 1, sets.size(), set.name(), reason);
                    if (!userError) {
                        // Not the data's fault: a bug or the environment, where the stack trace is what helps.
                        e.printStackTrace(err());
                    }
                    err().flush();
                }
                out().flush();
            }
        } finally {
            deleteQuietly(work);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        out().println();
        SuiteTable.print(out(), results, failures);
        if (json != null) {
            TrainingDetails.JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(),
                    SuiteTable.json(TrainingDetails.JSON, results, failures).put("seed", seed));
            out().println("wrote " + json);
        }
        out().flush();
        if (!failures.isEmpty()) {
            err().printf(Locale.ROOT, "nowcast suite: %d of %d datasets failed: %s%n", failures.size(), sets.size(),
                    failures.stream().map(SuiteFailure::name).toList());
            err().flush();
            return FAILURE;
        }
        return OK;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (java.io.IOException e) {
            // Already gone, or a temporary folder the OS cleans: nothing to report at exit.
        }
    }

    private List<SuiteDataset> selected(List<SuiteDataset> all) {
        if (only == null || only.isEmpty()) {
            return all;
        }
        Set<String> names = Set.copyOf(only);
        List<SuiteDataset> sets = all.stream().filter(s -> names.contains(s.name())).toList();
        if (sets.size() != names.size()) {
            throw new UsageException("--only names datasets not in " + folder.resolve("suite.txt") + ": "
                    + names.stream().filter(n -> all.stream().noneMatch(s -> s.name().equals(n))).toList());
        }
        return sets;
    }

    /** Progress inside a dataset: one line per tenth of the epochs. */
    private TrainingJobListener epochDots() {
        return new TrainingJobListener() {
            @Override
            public void onEpoch(dev.nowcast.model.train.EpochProgress p) {
                if (p.epoch() == 1 || p.epoch() % Math.max(1, p.maxEpochs() / 10) == 0) {
                    out().printf(Locale.ROOT, "        epoch %d/%d, validation MAE %.5g, %.1f s%n", p.epoch(),
                            p.maxEpochs(), p.validationMae(), p.elapsedMillis() / 1000.0);
                    out().flush();
                }
            }
        };
    }
}
