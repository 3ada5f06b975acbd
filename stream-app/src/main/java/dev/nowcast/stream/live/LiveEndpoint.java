package dev.nowcast.stream.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

import dev.nowcast.model.forecast.NormalDistribution;
import dev.nowcast.stream.http.HttpApi;
import dev.nowcast.stream.http.Json;
import dev.nowcast.stream.serving.ModelRegistry;
import dev.nowcast.stream.serving.ModelSlot;
import dev.nowcast.stream.serving.ServingModel;

/**
 * {@code GET /api/live}: the live page's data in one response: the series it draws, per-model figures (version,
 * predictions, online error against naive, coverage), processing latency and dead letters. The page polls it.
 */
public final class LiveEndpoint implements HttpApi.Handler {

    private final LiveView view;
    private final ModelRegistry registry;
    private final MeterRegistry meters;

    public LiveEndpoint(LiveView view, ModelRegistry registry, MeterRegistry meters) {
        this.view = view;
        this.registry = registry;
        this.meters = meters;
    }

    @Override
    public HttpApi.Response handle(String path, String query) {
        Map<String, Object> out = new LinkedHashMap<>(view.snapshot());
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelSlot slot : registry.slots()) {
            Map<String, Object> m = new LinkedHashMap<>();
            String name = slot.name();
            ServingModel serving = slot.serving();
            m.put("model", name);
            m.put("version", serving == null ? null : serving.version());
            m.put("cellType", serving == null ? null : serving.snapshot().architecture().cellType());
            m.put("predictions", count("nowcast.predictions", name));
            m.put("anomalies", count("nowcast.anomalies", name));
            m.put("scored", count("nowcast.scored", name));
            // Two-sided: the share of a calibrated Gaussian's points beyond the anomaly threshold.
            m.put("expectedAnomalyRate", serving == null ? null
                    : 2 * (1 - NormalDistribution.cdf(serving.forecaster().anomalyThreshold())));
            m.put("onlineMae", gauge("nowcast.online.mae", name));
            m.put("naiveMae", gauge("nowcast.naive.mae", name));
            m.put("seasonMillis", serving == null ? null : serving.forecaster().seasonMillis());
            m.put("seasonalOnlineMae", gauge("nowcast.seasonal.online.mae", name));
            m.put("seasonalNaiveMae", gauge("nowcast.seasonal.naive.mae", name));
            m.put("coverage", gauge("nowcast.interval.coverage", name));
            m.put("rejectedSnapshots", slot.rejections().size());
            models.add(m);
        }
        out.put("models", models);
        out.put("deadLetters", meters.find("nowcast.dead.letters").counters().stream().mapToDouble(Counter::count).sum());
        out.put("latencyMillis", latency());
        out.put("serverTime", System.currentTimeMillis());
        return HttpApi.Response.json(200, Json.write(out));
    }

    private double count(String name, String model) {
        Counter c = meters.find(name).tag("model", model).counter();
        return c == null ? 0 : c.count();
    }

    private Double gauge(String name, String model) {
        Gauge g = meters.find(name).tag("model", model).gauge();
        double v = g == null ? Double.NaN : g.value();
        return Double.isFinite(v) ? v : null;
    }

    /** p50 and p99 of the per-event processing time over all models, from the timers' histogram buckets. */
    private Map<String, Double> latency() {
        long total = 0;
        Map<Double, Long> cumulative = new java.util.TreeMap<>();
        for (Timer timer : meters.find("nowcast.step.latency").timers()) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            total += snapshot.count();
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                cumulative.merge(bucket.bucket(TimeUnit.MILLISECONDS), (long) bucket.count(), Long::sum);
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("p50", quantile(cumulative, total, 0.5));
        out.put("p99", quantile(cumulative, total, 0.99));
        return out;
    }

    private static Double quantile(Map<Double, Long> cumulative, long total, double q) {
        if (total == 0) {
            return null;
        }
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            if (e.getValue() >= q * total) {
                return e.getKey();
            }
        }
        return null;
    }
}
