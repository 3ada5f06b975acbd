package dev.nowcast.model.eval;

/**
 * Scores of a model on the test part of each series (errors pooled over all series: sums over every scored
 * point divided by their count). Arrays are indexed by horizon - 1 and owned by the report; do not modify.
 *
 * @param series            series evaluated
 * @param points            points streamed (history and test)
 * @param scored            test points with a one-step forecast
 * @param mae               one-step mean absolute error
 * @param rmse              one-step root mean squared error
 * @param mase              {@code mae} divided by the in-sample naive MAE of the history parts
 * @param naiveMae          MAE of the last value as forecast, on the same points
 * @param seasonalNaiveMae  MAE of the value one season earlier, on the test points that have one (NaN when no
 *                          season was given)
 * @param coverage          fraction of scored points inside the one-step p10-p90 interval
 * @param maeByHorizon      MAE of the h-step forecasts, h = 1..H (matched by target time)
 * @param coverageByHorizon p10-p90 coverage of the h-step forecasts
 * @param countByHorizon    number of h-step forecasts scored
 */
public record EvaluationReport(int series, long points, long scored, double mae, double rmse, double mase,
                               double naiveMae, double seasonalNaiveMae, double coverage, double[] maeByHorizon,
                               double[] coverageByHorizon, long[] countByHorizon) {
    @Override
    public String toString() {
        return String.format("series=%d points=%d scored=%d MAE=%.4f RMSE=%.4f MASE=%.4f naiveMAE=%.4f "
                        + "seasonalNaiveMAE=%.4f coverage(p10-p90)=%.3f",
                series, points, scored, mae, rmse, mase, naiveMae, seasonalNaiveMae, coverage);
    }
}
