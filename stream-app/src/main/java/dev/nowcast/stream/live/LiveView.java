package dev.nowcast.stream.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.nowcast.avro.Anomaly;
import dev.nowcast.avro.ForecastStep;
import dev.nowcast.avro.Prediction;

/**
 * What the live page draws: for a bounded number of series, the recent actual values and the one-step forecasts
 * (mean and p10-p90 band at their target times), plus the latest anomalies. Fed by {@link LiveFeed} from the
 * committed output topics, so every instance shows every series. Each model gets an equal share of the series
 * drawn, so that a model with many series does not crowd out the others.
 */
public final class LiveView {

    /** One observation and the forecast made at it for the next step. */
    public record Point(long observedAt, double actual, long targetTime, double mean, double p10, double p90,
                        long modelVersion, boolean warm) {
    }

    /** An anomaly, as the page lists it. */
    public record Flag(String seriesId, String model, long observedAt, double actual, double lower, double upper,
                       double score) {
    }

    /** Bounds the memory of {@link #passedOver}; past it, unseen series are no longer decoded at all. */
    private static final int MAX_PASSED_OVER = 10_000;

    private final int maxSeries;
    private final int perModel;
    private final int pointsPerSeries;
    private final Map<String, Deque<Point>> series = new LinkedHashMap<>();
    private final Map<String, String> modelOf = new LinkedHashMap<>();
    private final Map<String, Integer> drawnPerModel = new HashMap<>();
    /** Series decoded once and found over their model's share: not decoded again. */
    private final Set<String> passedOver = new HashSet<>();
    private final Deque<Flag> anomalies = new ArrayDeque<>();
    private long predictions;

    /**
     * @param maxSeries       series drawn at most
     * @param models          models served: each may fill {@code ceil(maxSeries / models)} of them
     * @param pointsPerSeries recent points kept per series
     */
    public LiveView(int maxSeries, int models, int pointsPerSeries) {
        this.maxSeries = maxSeries;
        this.perModel = Math.max(1, (maxSeries + models - 1) / Math.max(1, models));
        this.pointsPerSeries = pointsPerSeries;
    }

    /**
     * Adds one prediction record of {@code seriesId}, decoding it only if the page draws that series (it is shown
     * already, or there is room for it): the page draws a few series, and decoding the others' predictions cost
     * the app about 0.5 us of CPU per event at full rate (docs/benchmarks.md). Every record is counted.
     */
    synchronized void add(String seriesId, byte[] value, Function<byte[], Prediction> decode) {
        predictions++;
        Deque<Point> points = series.get(seriesId);
        if (points == null && (series.size() >= maxSeries || passedOver.contains(seriesId)
                || passedOver.size() >= MAX_PASSED_OVER)) {
            return;
        }
        Prediction p = decode.apply(value);
        if (points == null) {
            String model = p.getModel();
            if (drawnPerModel.getOrDefault(model, 0) >= perModel) {
                passedOver.add(seriesId);
                return;
            }
            drawnPerModel.merge(model, 1, Integer::sum);
            points = new ArrayDeque<>();
            series.put(seriesId, points);
            modelOf.put(seriesId, model);
        }
        ForecastStep next = p.getSteps().get(0);
        if (!points.isEmpty() && points.peekLast().observedAt() >= p.getObservedAt().toEpochMilli()) {
            return; // the feed re-read an older part of the topic
        }
        points.addLast(new Point(p.getObservedAt().toEpochMilli(), p.getObservedValue(),
                next.getTargetTime().toEpochMilli(), next.getMean(), next.getP10(), next.getP90(), p.getModelVersion(),
                p.getWarm()));
        if (points.size() > pointsPerSeries) {
            points.removeFirst();
        }
    }

    synchronized void add(Anomaly a) {
        anomalies.addLast(new Flag(a.getSeriesId(), a.getModel(), a.getObservedAt().toEpochMilli(), a.getObservedValue(),
                a.getLower(), a.getUpper(), a.getScore()));
        if (anomalies.size() > 50) {
            anomalies.removeFirst();
        }
    }

    /** A copy for one response of the page's data endpoint. */
    public synchronized Map<String, Object> snapshot() {
        List<Map<String, Object>> list = new ArrayList<>();
        series.forEach((id, points) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", id);
            s.put("model", modelOf.get(id));
            List<double[]> rows = new ArrayList<>(points.size());
            for (Point p : points) {
                rows.add(new double[] {p.observedAt(), p.actual(), p.targetTime(), p.mean(), p.p10(), p.p90(),
                        p.modelVersion(), p.warm() ? 1 : 0});
            }
            s.put("points", rows);
            list.add(s);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("series", list);
        out.put("anomalies", new ArrayList<>(anomalies));
        out.put("predictionsSeen", predictions);
        return out;
    }
}
