package dev.nowcast.stream.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import dev.nowcast.avro.ForecastStep;
import dev.nowcast.avro.Prediction;

class LiveViewTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A record's bytes stand for its prediction; the decoder counts what the view asks it to decode. */
    private static final class Feed {
        final Map<byte[], Prediction> records = new IdentityHashMap<>();
        final List<String> decoded = new ArrayList<>();
        final Function<byte[], Prediction> decode = bytes -> {
            Prediction p = records.get(bytes);
            decoded.add(p.getSeriesId());
            return p;
        };

        void add(LiveView view, Prediction p) {
            byte[] value = new byte[1];
            records.put(value, p);
            view.add(p.getSeriesId(), value, decode);
        }
    }

    private static Prediction prediction(String series, int step) {
        return prediction(series, "sensors", step);
    }

    private static Prediction prediction(String series, String model, int step) {
        Instant at = T0.plusSeconds(60L * step);
        return Prediction.newBuilder().setSeriesId(series).setModel(model).setModelVersion(1).setObservedAt(at)
                .setObservedValue(step).setWarm(true)
                .setSteps(List.of(ForecastStep.newBuilder().setHorizon(1).setTargetTime(at.plusSeconds(60))
                        .setMean(step + 0.5).setStddev(1).setP10(step - 0.8).setP50(step + 0.5).setP90(step + 1.8)
                        .setProbUp(0.6).build()))
                .build();
    }

    @Test
    void drawsABoundedSetOfSeriesDecodesOnlyThoseAndCountsEveryPrediction() {
        LiveView view = new LiveView(2, 1, 3);
        Feed feed = new Feed();
        for (int step = 0; step < 5; step++) {
            for (String series : List.of("a", "b", "c")) {
                feed.add(view, prediction(series, step));
            }
        }

        assertThat(feed.decoded).as("the third series' predictions are never decoded").doesNotContain("c").hasSize(10);
        Map<String, Object> snapshot = view.snapshot();
        assertThat(snapshot.get("predictionsSeen")).isEqualTo(15L);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) snapshot.get("series");
        assertThat(series).extracting(s -> s.get("id")).containsExactly("a", "b");
        @SuppressWarnings("unchecked")
        List<double[]> points = (List<double[]>) series.get(0).get("points");
        assertThat(points).hasSize(3);
        assertThat(points.get(2)[1]).as("the latest actual").isEqualTo(4.0);
    }

    @Test
    void eachModelGetsItsShareAndASeriesOverItsShareIsDecodedOnce() {
        LiveView view = new LiveView(4, 2, 3);
        Feed feed = new Feed();
        for (int step = 0; step < 3; step++) {
            // The busy model's series arrive first; the quiet model's one series still gets drawn.
            for (String series : List.of("f1", "f2", "f3", "f4", "s1")) {
                feed.add(view, prediction(series, series.startsWith("f") ? "flights" : "sensors", step));
            }
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) view.snapshot().get("series");
        assertThat(series).extracting(s -> s.get("id")).containsExactly("f1", "f2", "s1");
        assertThat(feed.decoded).as("f3 and f4 are decoded once, then passed over").filteredOn(id -> id.equals("f3"))
                .hasSize(1);
        assertThat(feed.decoded).filteredOn(id -> id.equals("f4")).hasSize(1);
    }
}
