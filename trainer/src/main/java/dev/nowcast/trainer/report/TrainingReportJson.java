package dev.nowcast.trainer.report;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.train.EpochProgress;
import dev.nowcast.trainer.job.Decision;
import dev.nowcast.trainer.job.TrainingDetails;
import dev.nowcast.trainer.job.TrainingOutcome;
import dev.nowcast.trainer.publish.PublishedModel;

/**
 * The machine-readable training report: everything in the evaluation (challenger and champion, per horizon),
 * the training curve, the decision, where the snapshot went, the data (range, fingerprint, what the read kept
 * and rejected), the settings and the timings. Times are ISO-8601 UTC; non-finite numbers are null.
 */
public final class TrainingReportJson {
    private TrainingReportJson() {
    }

    /** The report of {@code o}. */
    public static ObjectNode of(TrainingOutcome o) {
        ModelSnapshot snapshot = o.snapshot();
        ObjectNode n = TrainingDetails.JSON.createObjectNode();
        n.put("model", o.model());
        n.put("version", snapshot.version());
        n.put("createdAt", Instant.ofEpochMilli(snapshot.createdAt()).toString());
        n.put("sha256", snapshot.sha256());
        n.put("signingKeyId", snapshot.signingKeyId());
        n.put("published", o.published());

        ObjectNode data = n.putObject("data");
        data.put("source", o.source());
        data.put("from", Instant.ofEpochMilli(o.range().from()).toString());
        data.put("to", Instant.ofEpochMilli(o.range().to()).toString());
        data.put("series", o.series());
        data.put("observations", o.observations());
        data.put("fingerprint", o.fingerprint());
        data.set("read", TrainingDetails.history(o.stats()));

        n.set("config", TrainingDetails.config(o.config()));
        n.put("holdoutFraction", o.holdoutFraction());
        n.put("seasonSteps", o.seasonSteps());

        ObjectNode training = TrainingDetails.training(o.training());
        ArrayNode curve = training.putArray("curve");
        for (EpochProgress p : o.training().curve()) {
            ObjectNode e = curve.addObject();
            e.put("epoch", p.epoch());
            TrainingDetails.putNumber(e, "trainLoss", p.trainLoss());
            TrainingDetails.putNumber(e, "validationMae", p.validationMae());
            TrainingDetails.putNumber(e, "bestValidationMae", p.bestValidationMae());
            e.put("learningRate", p.learningRate());
            e.put("elapsedMillis", p.elapsedMillis());
        }
        n.set("training", training);

        n.set("challenger", EvaluationJson.of(o.challenger(), o.seasonSteps(), o.holdoutFraction()));
        if (o.championVersion() == null) {
            n.putNull("champion");
        } else {
            ObjectNode champion = n.putObject("champion");
            champion.put("version", o.championVersion());
            if (o.champion() == null) {
                champion.putNull("evaluation");
            } else {
                champion.set("evaluation", EvaluationJson.of(o.champion(), o.seasonSteps(), o.holdoutFraction()));
            }
        }
        Decision d = o.decision();
        ObjectNode decision = n.putObject("decision");
        decision.put("publish", d.publish());
        decision.put("forced", d.forced());
        decision.put("metric", Decision.METRIC);
        if (d.championVersion() == null) {
            decision.putNull("championVersion");
        } else {
            decision.put("championVersion", d.championVersion());
        }
        if (d.championScore() == null) {
            decision.putNull("championScore");
        } else {
            TrainingDetails.putNumber(decision, "championScore", d.championScore());
        }
        TrainingDetails.putNumber(decision, "challengerScore", d.challengerScore());
        decision.put("summary", d.summary());

        if (o.publication() == null) {
            n.putNull("publication");
        } else {
            ObjectNode p = n.putObject("publication");
            p.put("topic", o.publication().topic());
            p.put("partition", o.publication().partition());
            p.put("offset", o.publication().offset());
            p.put("createdTopic", o.publication().createdTopic());
        }
        n.put("snapshotFile", o.snapshotFile() == null ? null : o.snapshotFile().toString());
        n.set("timings", TrainingDetails.timings(o.timings()));
        ArrayNode skipped = n.putArray("skippedSnapshots");
        for (PublishedModel.Skipped s : o.skipped()) {
            skipped.addObject().put("version", s.version()).put("offset", s.offset()).put("reason", s.reason());
        }
        ArrayNode warnings = n.putArray("warnings");
        o.warnings().forEach(warnings::add);
        return n;
    }
}
