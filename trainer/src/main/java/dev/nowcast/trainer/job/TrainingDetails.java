package dev.nowcast.trainer.job;

import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nowcast.model.train.CorrectionEvidence;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.trainer.history.HistoryStats;
import dev.nowcast.trainer.history.Rejection;

/**
 * JSON views of a run's settings and statistics, shared by the snapshot's {@code TrainingSummary.details} and
 * the JSON report, so that both describe a run the same way.
 */
public final class TrainingDetails {
    /** Shared, thread-safe once configured. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private TrainingDetails() {
    }

    /** Every field of a training configuration. */
    public static ObjectNode config(TrainingConfig c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("cellType", c.cellType().name());
        n.put("layers", c.layers());
        n.put("hiddenSize", c.hiddenSize());
        n.put("head", c.head().name());
        n.put("horizon", c.horizon());
        n.put("warmupSteps", c.warmupSteps());
        n.put("stepIntervalMillis", c.stepIntervalMillis());
        n.put("maxGapMillis", c.maxGapMillis());
        Arrays.stream(c.seasonalPeriodsMillis()).forEach(n.putArray("seasonalPeriodsMillis")::add);
        n.put("seasonalLags", c.seasonalLags());
        n.put("window", c.window());
        n.put("stride", c.stride());
        n.put("batchSize", c.batchSize());
        n.put("chunkSize", c.chunkSize());
        n.put("maxEpochs", c.maxEpochs());
        n.put("patience", c.patience());
        n.put("learningRate", c.learningRate());
        n.put("minLearningRate", c.minLearningRate());
        n.put("learningRateWarmupSteps", c.learningRateWarmupSteps());
        n.put("clipNorm", c.clipNorm());
        n.put("validationFraction", c.validationFraction());
        n.put("maxWindowsPerEpoch", c.maxWindowsPerEpoch());
        n.put("levelDecay", c.levelDecay());
        n.put("scaleDecay", c.scaleDecay());
        n.put("inputClip", c.inputClip());
        n.put("sigmaFloor", c.sigmaFloor());
        n.put("intervalCoverage", c.intervalCoverage());
        n.put("seed", c.seed());
        n.put("threads", c.threads());
        return n;
    }

    /** What the history read saw and kept. */
    public static ObjectNode history(HistoryStats s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("records", s.records());
        n.put("seriesSeen", s.seriesSeen());
        n.put("seriesSeenExact", s.seriesSeenExact());
        n.put("seriesKept", s.seriesKept());
        n.put("pointsKept", s.pointsKept());
        n.put("pointsNotSampled", s.pointsNotSampled());
        n.put("pointsBeforeFrom", s.pointsBeforeFrom());
        n.put("pointsTrimmed", s.pointsTrimmed());
        ObjectNode rejected = n.putObject("rejected");
        for (Rejection r : Rejection.values()) {
            rejected.put(camel(r), s.rejected().getOrDefault(r, 0L));
        }
        return n;
    }

    /** How training went. */
    public static ObjectNode training(TrainingOutcome.Training t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("epochs", t.epochs());
        n.put("bestEpoch", t.bestEpoch());
        putNumber(n, "bestValidationMae", t.bestValidationMae());
        n.put("cancelled", t.cancelled());
        n.put("meanScale", t.meanScale());
        n.put("stddevScale", t.stddevScale());
        CorrectionEvidence e = t.correction();
        ObjectNode correction = n.putObject("correction");
        correction.put("validationPoints", e.points());
        putNumber(correction, "baseMae", e.baseMae());
        putNumber(correction, "correctedMae", e.correctedMae());
        correction.put("bestShare", e.shrink());
        putNumber(correction, "t", e.t());
        correction.put("significant", e.significant());
        return n;
    }

    /** Phase timings. */
    public static ObjectNode timings(TrainingOutcome.Timings t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("readMillis", t.readMillis());
        n.put("trainMillis", t.trainMillis());
        n.put("evaluateMillis", t.evaluateMillis());
        n.put("publishMillis", t.publishMillis());
        n.put("totalMillis", t.totalMillis());
        return n;
    }

    /** Puts {@code value}, or null when it is NaN or infinite (which JSON cannot hold). */
    public static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    /** The details JSON stored in a snapshot: source, settings, history statistics, training and timings. */
    static String snapshotDetails(String source, TrainingConfig config, double holdoutFraction, int seasonSteps,
                                  HistoryStats stats, TrainingOutcome.Training training,
                                  Map<String, Long> timings) {
        ObjectNode n = JSON.createObjectNode();
        n.put("trainer", "nowcast-trainer");
        n.put("source", source);
        n.set("config", config(config));
        n.put("holdoutFraction", holdoutFraction);
        n.put("seasonSteps", seasonSteps);
        n.set("history", history(stats));
        n.set("training", training(training));
        ObjectNode t = n.putObject("timings");
        timings.forEach(t::put);
        return n.toString();
    }

    /** {@code KEY_MISMATCH} as {@code keyMismatch}. */
    static String camel(Enum<?> e) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : e.name().toLowerCase(java.util.Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }
}
