package dev.nowcast.trainer.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nowcast.model.eval.EvaluationReport;
import dev.nowcast.trainer.job.TrainingDetails;

/**
 * The JSON form of an {@link EvaluationReport}, shared by {@code nowcast evaluate --json} and the training
 * report. Non-finite numbers (e.g. the seasonal-naive MAE without a season) are written as null.
 */
public final class EvaluationJson {
    private EvaluationJson() {
    }

    /**
     * {@code series, points, scored, mae, rmse, mase, naiveMae, seasonalNaiveMae, coverage, seasonSteps,
     * testFraction} and {@code perHorizon}: one {@code {horizon, mae, coverage, count}} per step.
     */
    public static ObjectNode of(EvaluationReport r, int seasonSteps, double testFraction) {
        ObjectNode n = TrainingDetails.JSON.createObjectNode();
        n.put("series", r.series());
        n.put("points", r.points());
        n.put("scored", r.scored());
        TrainingDetails.putNumber(n, "mae", r.mae());
        TrainingDetails.putNumber(n, "rmse", r.rmse());
        TrainingDetails.putNumber(n, "mase", r.mase());
        TrainingDetails.putNumber(n, "naiveMae", r.naiveMae());
        TrainingDetails.putNumber(n, "seasonalNaiveMae", r.seasonalNaiveMae());
        TrainingDetails.putNumber(n, "coverage", r.coverage());
        n.put("seasonSteps", seasonSteps);
        n.put("testFraction", testFraction);
        ArrayNode horizons = n.putArray("perHorizon");
        for (int h = 0; h < r.maeByHorizon().length; h++) {
            ObjectNode step = horizons.addObject();
            step.put("horizon", h + 1);
            TrainingDetails.putNumber(step, "mae", r.maeByHorizon()[h]);
            TrainingDetails.putNumber(step, "coverage", r.coverageByHorizon()[h]);
            step.put("count", r.countByHorizon()[h]);
        }
        return n;
    }
}
