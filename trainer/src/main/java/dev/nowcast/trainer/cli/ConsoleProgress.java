package dev.nowcast.trainer.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.model.feature.Calendar;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.train.AutoregressionChoice;
import dev.nowcast.model.train.CorrectionEvidence;
import dev.nowcast.model.train.EpochProgress;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.MedianShiftEvidence;
import dev.nowcast.model.train.Significance;
import dev.nowcast.model.train.SmoothingSearch;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;
import dev.nowcast.model.train.ValueAutoregressionEvidence;
import dev.nowcast.trainer.history.History;
import dev.nowcast.trainer.history.HistoryStats;
import dev.nowcast.trainer.job.Decision;
import dev.nowcast.trainer.job.TrainingJobListener;
import dev.nowcast.trainer.publish.PublishedModel;
import dev.nowcast.trainer.publish.WeightsTopic;

/** Prints a training job's progress to the terminal: one line per phase, one per epoch, then the scores. */
final class ConsoleProgress implements TrainingJobListener {
    private static final long READ_REPORT_MILLIS = 5000;

    private final PrintWriter out;
    private final PrintWriter err;
    private final String championSource;
    private String challengerName = "challenger";
    private String championName;
    private long lastReadReport = System.currentTimeMillis();

    /** @param championSource where the champion is looked for (a topic or file), or null when nowhere */
    ConsoleProgress(PrintWriter out, PrintWriter err, String championSource) {
        this.out = out;
        this.err = err;
        this.championSource = championSource;
    }

    @Override
    public void onReadProgress(long records, double fraction) {
        long now = System.currentTimeMillis();
        if (now - lastReadReport >= READ_REPORT_MILLIS) {
            lastReadReport = now;
            out.printf(Locale.ROOT, "reading: %,d records%s%n", records,
                    Double.isNaN(fraction) ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100 * fraction));
            out.flush();
        }
    }

    @Override
    public void onHistory(History history, TrainingConfig config) {
        HistoryStats s = history.stats();
        out.printf(Locale.ROOT, "history: %d series, %,d points, %s .. %s (%,d records read%s)%n",
                history.series().size(), history.observations(), Instant.ofEpochMilli(history.range().from()),
                Instant.ofEpochMilli(history.range().to()), s.records(),
                s.seriesSeenExact() ? "" : String.format(Locale.ROOT, ", sampled from about %,d series", s.seriesSeen()));
        out.printf(Locale.ROOT, "         fingerprint %s%n", history.fingerprint());
        String periods = config.seasonalPeriodsMillis().length == 0 ? "none" : Arrays.stream(
                config.seasonalPeriodsMillis()).mapToObj(p -> DurationText.compact(Duration.ofMillis(p)))
                .collect(Collectors.joining(", ")) + (config.seasonalLags() ? " (with lags)" : "");
        out.printf(Locale.ROOT, "model: %s %dx%d, horizon %d, warm-up %d; step %s, max gap %s, seasonal periods %s%n",
                config.cellType(), config.layers(), config.hiddenSize(), config.horizon(), config.warmupSteps(),
                DurationText.compact(Duration.ofMillis(config.stepIntervalMillis())),
                DurationText.compact(Duration.ofMillis(config.maxGapMillis())), periods);
        if (config.smoothing()) {
            out.printf(Locale.ROOT, "smoothing: season candidates %s steps (chosen on the training data)%n",
                    config.seasonCandidates().length == 0 ? "none" : Arrays.toString(config.seasonCandidates()));
        }
        out.flush();
    }

    @Override
    public void onTrained(TrainingResult result) {
        TrainingConfig c = result.config();
        SmoothingSearch.Choice smoothing = result.smoothingChoice();
        if (smoothing != null) {
            out.printf(Locale.ROOT, "chose: %s%n", smoothing(smoothing));
        }
        out.printf(Locale.ROOT, "chose: windows of %d warm-up + %d steps every %d, batches of %d; the network's "
                        + "correction x%.2f (%s), interval x%.3f%n", c.warmupSteps(), c.window(), c.stride(),
                c.batchSize(), result.pipeline().meanScale(),
                correction(result.pipeline().meanScale(), result.epochs(), result.correction(),
                        result.autoregressionChoice() == AutoregressionChoice.REPLACED_NETWORK),
                result.pipeline().stddevScale());
        if (c.horizon() > 1 && FeaturePipeline.SMOOTHED_METHOD.equals(result.pipeline().method())) {
            out.printf(Locale.ROOT, "chose: the h-step interval's spread x %s over the smoothing's error propagation%n",
                    horizonShape(result.pipeline()));
        }
        out.printf(Locale.ROOT, "chose: anomaly bounds x%.2f for the errors' tails; forecasts on %s; %s%n",
                result.pipeline().tailScale(), result.pipeline().calendar() == Calendar.WEEKDAYS
                        ? "weekdays only (the data has no weekend point)" : "every step",
                persistence(result));
        out.printf(Locale.ROOT, "chose: %s%n", autoregression(result));
        out.printf(Locale.ROOT, "chose: %s%n", valueAutoregression(result.pipeline(),
                result.valueAutoregressionEvidence()));
        out.printf(Locale.ROOT, "chose: %s%n", medianShift(result.pipeline(), result.medianShift()));
        out.flush();
    }

    /** The smoothing chosen, with its in-sample MAE and how it was chosen. */
    static String smoothing(SmoothingSearch.Choice c) {
        if (c.configurations() == 0) {
            return String.format(Locale.ROOT, "smoothing %s, the last value, not searched (see the warning; one-step "
                    + "MAE %.5g on the training part)", c.smoothing(), c.mae());
        }
        return String.format(Locale.ROOT, "smoothing %s (one-step MAE %.5g on the training part, %d configurations%s)",
                c.smoothing(), c.mae(), c.configurations(), c.seriesSearched() < c.series()
                        ? ", searched on " + c.seriesSearched() + " of " + c.series() + " series" : "");
    }

    /**
     * Why the network's correction serves at its weight, with the validation part's numbers: a user whose model
     * serves the base forecast alone sees how near the correction came, and that a gain carried by a few points is
     * not enough.
     */
    static String correction(double meanScale, int epochs, CorrectionEvidence e, boolean replacedByAutoregression) {
        if (epochs > 0 && e.points() == 0) {
            return "not checked: no validation points";
        }
        String numbers = String.format(Locale.ROOT, "on %d validation points x%.2f of it cut the MAE by %.1f%% "
                + "(%.5g against %.5g), t = %.2f", e.points(), e.shrink(), 100 * e.gain(), e.correctedMae(),
                e.baseMae(), e.t());
        if (meanScale > 0) {
            return "x0 would serve the base forecast alone; " + numbers;
        }
        if (epochs == 0) {
            return "the base forecast alone: too few training windows for one batch, so the network was not trained";
        }
        if (e.shrink() == 0) {
            return String.format(Locale.ROOT, "the base forecast alone: no share of the correction lowered the MAE "
                    + "on %d validation points", e.points());
        }
        if (Double.isNaN(e.t())) {
            return String.format(Locale.ROOT, "the base forecast alone: on %d validation points x%.2f of it cut the "
                    + "MAE by %.1f%%, but a correction is only tested on %d or more", e.points(), e.shrink(),
                    100 * e.gain(), Significance.MIN_POINTS);
        }
        if (!e.significant()) {
            return String.format(Locale.ROOT, "the base forecast alone: %s, short of the %.1f a correction needs "
                    + "(a gain that a few points carry is luck the next period takes back)", numbers,
                    Significance.CRITICAL_T);
        }
        return "the base forecast alone: " + numbers + (replacedByAutoregression
                ? ", and on the held-out part the error autoregression beat it (see the warning)"
                : ", but it did not beat the base forecast significantly on the held-out part (see the warning)");
    }

    /** The h-step stddev's factor fitted on validation ({@code h^e}, or bent in log-log); h^0.00 where unfitted. */
    private static String horizonShape(FeaturePipeline p) {
        return p.horizonCurvature() == 0 ? String.format(Locale.ROOT, "h^%.2f", p.horizonExponent())
                : String.format(Locale.ROOT, "exp(%.2f ln h %+.3f (ln h)^2)", p.horizonExponent(), p.horizonCurvature());
    }

    /** What the trainer chose for the autoregression of the base forecast's errors, and why when there is none. */
    private static String autoregression(TrainingResult result) {
        ErrorAutoregression fitted = result.autoregression();
        return switch (result.autoregressionChoice()) {
            case ON -> "the base forecast's errors follow an autoregression of order " + fitted.order() + " "
                    + Arrays.stream(fitted.coefficients()).mapToObj(a -> String.format(Locale.ROOT, "%.3f", a))
                    .collect(Collectors.joining(", ", "(", ")")) + ", which beat the base forecast on held-out points";
            case REPLACED_NETWORK -> "the base forecast's errors follow an autoregression of order " + fitted.order()
                    + ", which beat the network's correction on held-out points and serves in its place";
            case CONFIGURED_OFF -> "no error autoregression (off)";
            case NO_LAG -> "no error autoregression (the information criterion keeps no lag of the errors)";
            case NETWORK_ON -> "no error autoregression (the network's correction forecasts the same errors)";
            case TOO_FEW_POINTS -> "no error autoregression (order " + fitted.order() + ": too few held-out points "
                    + "to check it on)";
            case LOST -> "no error autoregression (order " + fitted.order() + " did not beat the base forecast on "
                    + "held-out points)";
        };
    }

    /**
     * The value autoregression mixed into the forecasts, or why there is none, with the held-out numbers: a user
     * whose model has none sees how near it came.
     */
    static String valueAutoregression(FeaturePipeline p, ValueAutoregressionEvidence e) {
        ValueAutoregression v = p.valueAutoregression();
        if (v.on()) {
            return String.format(Locale.ROOT, "the forecasts mix in %.0f%% of an %s%s", 100 * v.weight(), v,
                    e.points() > 0 ? ": " + heldOut(e) : "");
        }
        if (p.smoothing().naive()) {
            return "no value autoregression (the base is the last value)";
        }
        if (!e.candidate().on()) {
            return "no value autoregression (too few training points to fit one)";
        }
        double needed = ForecastTrainer.valueAutoregressionCriticalT(e.points());
        if (Double.isNaN(needed)) {
            return String.format(Locale.ROOT, "no value autoregression (an %s was fitted, but %d held-out points are "
                    + "too few to check it on: %d are needed)", e.candidate(), e.points(), Significance.MIN_POINTS);
        }
        return String.format(Locale.ROOT, "no value autoregression (%.0f%% of an %s: %s, short of the %.1f it needs "
                + "on %d points)", 100 * e.candidate().weight(), e.candidate(), heldOut(e), needed, e.points());
    }

    private static String heldOut(ValueAutoregressionEvidence e) {
        return String.format(Locale.ROOT, "on %d held-out points it %s the model's MAE by %.1f%% (%.5g against %.5g), "
                + "t = %.2f", e.points(), e.gain() >= 0 ? "cut" : "raised", 100 * Math.abs(e.gain()), e.mixedMae(),
                e.modelMae(), e.t());
    }

    /** Whether each series shifts its forecasts by the median of their errors, with the two parts' numbers. */
    static String medianShift(FeaturePipeline p, MedianShiftEvidence e) {
        if (!e.checked()) {
            return p.smoothing().naive() ? "no median shift (the base is the last value)" : "no median shift (off)";
        }
        String numbers = part(e.validation(), "validation") + ", " + part(e.heldOut(), "held-out");
        return p.medianShiftRate() > 0
                ? String.format(Locale.ROOT, "each series shifts its forecasts by its errors' median (step %.3g "
                        + "scales): %s", p.medianShiftRate(), numbers)
                : "no median shift (it must cut the MAE on both parts: " + numbers + ")";
    }

    private static String part(MedianShiftEvidence.Part part, String name) {
        if (part.points() == 0) {
            return "no " + name + " points";
        }
        return String.format(Locale.ROOT, "on %d %s points it %s the MAE by %.1f%% (%.5g against %.5g)",
                part.points(), name, part.gain() > 0 ? "cut" : "raised", 100 * Math.abs(part.gain()), part.withMae(),
                part.withoutMae());
    }

    /** What the trainer chose for the persistence of each series' errors, and why when it is off. */
    private static String persistence(TrainingResult result) {
        return switch (result.persistence()) {
            case ON -> String.format(Locale.ROOT, "each series carries its errors' persistence (decay %.2f)",
                    result.pipeline().persistenceDecay());
            case CONFIGURED_OFF -> "no error persistence (off)";
            case LAST_VALUE_BASE -> "no error persistence (the base is the last value)";
            case LOST_ON_VALIDATION -> "no error persistence (it lost on validation)";
        };
    }

    @Override
    public void onPublished(PublishedModel published) {
        challengerName = "v" + published.nextVersion();
        if (published.champion() != null) {
            championName = "champion v" + published.champion().version();
            out.printf(Locale.ROOT, "champion: %s v%d; this run trains v%d%n", published.model(),
                    published.champion().version(), published.nextVersion());
        } else {
            out.printf(Locale.ROOT, "champion: none %s; this run trains v%d%n", championSource == null
                    ? "(not compared: --no-publish)" : "on " + championSource, published.nextVersion());
        }
        out.flush();
    }

    @Override
    public void onEpoch(EpochProgress p) {
        out.printf(Locale.ROOT, "epoch %3d/%d  loss %9.5f  val MAE %-10s best %-10s @%-3d lr %.2e  %s elapsed, ~%s left%n",
                p.epoch(), p.maxEpochs(), p.trainLoss(), EvaluationTable.number(p.validationMae()),
                EvaluationTable.number(p.bestValidationMae()), p.bestEpoch(), p.learningRate(),
                DurationText.clock(p.elapsedMillis()), DurationText.clock(p.etaMillis()));
        out.flush();
    }

    @Override
    public void onEvaluated(EvaluationReport challenger, EvaluationReport champion, int seasonSteps) {
        out.printf(Locale.ROOT, "held-out scores (%,d points of %d series, one step ahead):%n", challenger.scored(),
                challenger.series());
        EvaluationTable.print(out, challengerName, challenger, championName, champion, seasonSteps);
        out.flush();
    }

    @Override
    public void onDecision(Decision decision) {
        out.println("decision: " + decision.summary());
        out.flush();
    }

    @Override
    public void onPublication(WeightsTopic.Publication p) {
        if (p.createdTopic()) {
            out.printf(Locale.ROOT, "created topic %s (compacted, 1 partition)%n", p.topic());
        }
        out.printf(Locale.ROOT, "published %s to %s (partition %d, offset %d)%n", challengerName, p.topic(),
                p.partition(), p.offset());
        out.flush();
    }

    @Override
    public void onWarning(String message) {
        err.println("warning: " + message);
        err.flush();
    }
}
