package dev.nowcast.stream.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.nowcast.avro.Prediction;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.LongCsvReader;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.eval.OfflineEvaluator;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;
import dev.nowcast.model.train.TrainingResult;
import dev.nowcast.stream.NowcastStreamApp;
import dev.nowcast.stream.testing.StreamAppFixture;
import dev.nowcast.testsupport.LocalStackTest;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/** The stream app on the real broker and registry, fed a shipped real dataset (the sensor network). */
@LocalStackTest
class StreamAppIT {

    private static final int POINTS = 300;
    private static List<Series> sensors;
    private static TrainingResult trained;

    @BeforeAll
    static void trainOnTheSensorData() throws Exception {
        sensors = new ArrayList<>();
        for (Series s : LongCsvReader.readSeries(Path.of("../data/sensors-wsn-single-hop.csv"))) {
            sensors.add(s.head(POINTS));
        }
        TrainingConfig config = TrainingConfig.builder().optimizerSteps(0).cellType(CellType.LSTM).hiddenSize(8).head(HeadType.GAUSSIAN)
                .stepIntervalMillis(5_000).maxGapMillis(60_000).warmupSteps(12).window(24).batchSize(32).chunkSize(32)
                .maxEpochs(2).seed(5).threads(1).build();
        trained = new ForecastTrainer(config).train(sensors);
    }

    private static ModelSnapshot snapshot(long version) {
        return snapshot(trained, version);
    }

    private static ModelSnapshot snapshot(TrainingResult trained, long version) {
        return SnapshotCodec.encode("sensors", System.currentTimeMillis(), trained.forecaster(version),
                new ModelSnapshot.TrainingSummary(Map.of(), Map.of(), trained.dataFrom(), trained.dataTo(),
                        sensors.size(), trained.observations(), "it", null, null, null, "published", "{}"));
    }

    @Test
    void onePredictionPerObservationBitForBitAsTheOfflineEvaluator(TestKafka kafka, TestRegistry registry) throws Exception {
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 3)) {
            // With a value autoregression mixed in and each series' median shift (docs/model.md), so that their
            // snapshot parameters, their reads of the ring and the shift kept in the stored state are served through
            // Kafka exactly as the evaluator computes them.
            ModelSnapshot snapshot = snapshot(trained.withPipeline(trained.pipeline().withValueAutoregression(
                    new ValueAutoregression(0, new double[] {0.6, 0.2}, 0.5)).withMedianShiftRate(0.01)), 1);
            assertThat(snapshot.normalisation().parameters()).containsKeys("valueArWeight", "medianShiftRate");
            fixture.publish(snapshot);
            NowcastStreamApp app = fixture.startApp(Map.of());
            StreamAppFixture.awaitReady(app, Duration.ofSeconds(60));
            fixture.replay(sensors, 0, POINTS);

            int expected = sensors.size() * POINTS;
            List<ConsumerRecord<String, Prediction>> out = fixture.readPredictions(expected);
            assertThat(out).hasSize(expected);
            Set<String> distinct = new HashSet<>();
            Map<String, List<Prediction>> bySeries = new HashMap<>();
            for (ConsumerRecord<String, Prediction> r : out) {
                Prediction p = r.value();
                assertThat(distinct.add(p.getSeriesId() + "@" + p.getObservedAt())).as("doubled prediction").isTrue();
                assertThat(r.key()).isEqualTo(p.getSeriesId());
                assertThat(r.timestamp()).isEqualTo(p.getObservedAt().toEpochMilli());
                bySeries.computeIfAbsent(p.getSeriesId(), k -> new ArrayList<>()).add(p);
            }

            // Train/serve parity through Kafka: the evaluator's forecast for point i is the prediction made at i-1.
            int[] compared = {0};
            new OfflineEvaluator(SnapshotCodec.decode(snapshot)).withTestFraction(0.5)
                    .withListener((series, point, timestamp, actual, mean, stddev) -> {
                        Prediction previous = bySeries.get(sensors.get(series).key()).get(point - 1);
                        assertThat(previous.getObservedAt().toEpochMilli())
                                .isEqualTo(sensors.get(series).timestamps()[point - 1]);
                        assertThat(Double.doubleToRawLongBits(previous.getSteps().get(0).getMean()))
                                .as("series %d point %d", series, point).isEqualTo(Double.doubleToRawLongBits(mean));
                        assertThat(Double.doubleToRawLongBits(previous.getSteps().get(0).getStddev()))
                                .isEqualTo(Double.doubleToRawLongBits(stddev));
                        compared[0]++;
                    })
                    .evaluate(sensors);
            assertThat(compared[0]).isEqualTo(sensors.size() * POINTS / 2);
            assertThat(fixture.readDeadLetters(0)).isEmpty();
        }
    }

    @Test
    void aNewSnapshotMidStreamSwitchesVersionsWithoutLossOrDoubles(TestKafka kafka, TestRegistry registry) throws Exception {
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 2)) {
            fixture.publish(snapshot(1));
            NowcastStreamApp app = fixture.startApp(Map.of());
            StreamAppFixture.awaitReady(app, Duration.ofSeconds(60));
            fixture.replay(sensors, 0, 100);
            assertThat(fixture.readPredictions(sensors.size() * 100)).hasSize(sensors.size() * 100);

            fixture.publish(snapshot(2));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (app.models().slot("sensors").serving().version() != 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            fixture.replay(sensors, 100, 200);

            List<ConsumerRecord<String, Prediction>> out = fixture.readPredictions(sensors.size() * 200);
            assertThat(out).hasSize(sensors.size() * 200);
            Set<String> distinct = new HashSet<>();
            for (ConsumerRecord<String, Prediction> r : out) {
                assertThat(distinct.add(r.value().getSeriesId() + "@" + r.value().getObservedAt())).isTrue();
                long point = (r.value().getObservedAt().toEpochMilli() - sensors.get(0).timestamps()[0]) / 5_000;
                assertThat(r.value().getModelVersion()).as("point %d", point).isEqualTo(point < 100 ? 1 : 2);
            }
            assertThat(app.meters().get("nowcast.series.rebuilds").tag("model", "sensors").counter().count())
                    .isEqualTo(sensors.size());
        }
    }

    @Test
    void twoInstancesAnswerSeriesQueriesForAnyKey(TestKafka kafka, TestRegistry registry) throws Exception {
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 4)) {
            fixture.publish(snapshot(1));
            NowcastStreamApp first = fixture.startApp(Map.of());
            NowcastStreamApp second = fixture.startApp(Map.of());
            StreamAppFixture.awaitReady(first, Duration.ofSeconds(90));
            StreamAppFixture.awaitReady(second, Duration.ofSeconds(90));
            fixture.replay(sensors, 0, 50);
            var predictions = fixture.readPredictions(sensors.size() * 50);
            assertThat(predictions).hasSize(sensors.size() * 50);

            ObjectMapper json = new ObjectMapper();
            Set<String> servers = new HashSet<>();
            for (Series s : sensors) {
                JsonNode fromFirst = json.readTree(StreamAppFixture.get(first.httpUrl() + "/series/" + s.key()).body());
                JsonNode fromSecond = json.readTree(StreamAppFixture.get(second.httpUrl() + "/series/" + s.key()).body());
                assertThat(fromFirst).isEqualTo(fromSecond);
                assertThat(fromFirst.get("observations").asLong()).isEqualTo(50);
                assertThat(fromFirst.get("lastTimestamp").asText()).isNotEmpty();
                assertThat(fromFirst.get("forecast").get("mean").isNumber()).isTrue();
                // Every horizon, as the series' last prediction record carried it.
                var last = predictions.stream().filter(r -> r.key().equals(s.key()))
                        .max(java.util.Comparator.comparing(r -> r.value().getObservedAt())).orElseThrow().value();
                JsonNode forecasts = fromFirst.get("forecasts");
                assertThat(forecasts.size()).isEqualTo(last.getSteps().size()).isEqualTo(trained.config().horizon());
                for (int h = 0; h < forecasts.size(); h++) {
                    assertThat(forecasts.get(h).get("horizon").asInt()).isEqualTo(h + 1);
                    assertThat(forecasts.get(h).get("mean").asDouble()).isEqualTo(last.getSteps().get(h).getMean());
                    assertThat(forecasts.get(h).get("p90").asDouble()).isEqualTo(last.getSteps().get(h).getP90());
                    assertThat(java.time.Instant.parse(forecasts.get(h).get("targetTime").asText()))
                            .isEqualTo(last.getSteps().get(h).getTargetTime());
                }
                servers.add(fromFirst.get("servedBy").asText());
            }
            // Both instances own keys, so at least half of the answers above were forwarded.
            assertThat(servers).hasSize(2);
            assertThat(StreamAppFixture.get(first.httpUrl() + "/series/no-such-series").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutRequiringModelsAnInstanceIsReadyOnceItsStreamsRunAndNamesTheModelsItAwaits(TestKafka kafka,
            TestRegistry registry) throws Exception {
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 1)) {
            NowcastStreamApp app = fixture.startApp(Map.of("nowcast.health.ready-requires-models", "false"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            java.net.http.HttpResponse<String> ready = StreamAppFixture.get(app.httpUrl() + "/health/ready");
            while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                ready = StreamAppFixture.get(app.httpUrl() + "/health/ready");
            }
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("\"status\":\"SERVING_WAITING_FOR_MODELS\"")
                    .contains("\"missingModels\":[\"sensors\"]");
            fixture.publish(snapshot(1));
            while (!app.models().missing().isEmpty() && System.nanoTime() < deadline + Duration.ofSeconds(60).toNanos()) {
                Thread.sleep(100);
            }
            assertThat(StreamAppFixture.get(app.httpUrl() + "/health/ready").body()).contains("\"status\":\"READY\"");
        }
    }

    @Test
    void httpServesMetricsHealthModelsAndTheLivePageReadOnlyWithAToken(TestKafka kafka, TestRegistry registry)
            throws Exception {
        try (StreamAppFixture fixture = new StreamAppFixture(kafka, registry, "sensors", 1)) {
            NowcastStreamApp app = fixture.startApp(Map.of("nowcast.http.token", "s3cret"));
            String base = app.httpUrl();
            java.net.http.HttpResponse<String> notReady = StreamAppFixture.get(base + "/health/ready");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("\"missingModels\":[\"sensors\"]");
            assertThat(StreamAppFixture.get(base + "/metrics").body()).contains("nowcast_ready 0.0");
            assertThat(StreamAppFixture.get(base + "/health/live").statusCode()).isEqualTo(200);

            fixture.publish(snapshot(1));
            StreamAppFixture.awaitReady(app, Duration.ofSeconds(60));
            assertThat(StreamAppFixture.get(base + "/health/ready").statusCode()).isEqualTo(200);
            assertThat(StreamAppFixture.get(base + "/metrics").body()).contains("nowcast_ready 1.0");
            fixture.replay(sensors, 0, 40);
            assertThat(fixture.readPredictions(sensors.size() * 40)).hasSize(sensors.size() * 40);

            String metrics = StreamAppFixture.get(base + "/metrics").body();
            assertThat(metrics).contains("nowcast_predictions_total{model=\"sensors\"} 320.0")
                    .contains("nowcast_model_version{model=\"sensors\"} 1.0")
                    .contains("nowcast_step_latency_seconds_bucket")
                    .contains("nowcast_online_mae{model=\"sensors\"}")
                    .contains("kafka_stream");

            // Protected endpoints need the token; the page itself and health/metrics do not.
            assertThat(StreamAppFixture.get(base + "/models").statusCode()).isEqualTo(401);
            assertThat(StreamAppFixture.get(base + "/series/" + sensors.get(0).key()).statusCode()).isEqualTo(401);
            assertThat(StreamAppFixture.get(base + "/").body()).contains("<title>Nowcast");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> models = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/models")).header("Authorization", "Bearer s3cret").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).isEqualTo(200);
            JsonNode served = new ObjectMapper().readTree(models.body()).get("models").get(0).get("serving");
            assertThat(served.get("version").asLong()).isEqualTo(1);
            assertThat(served.get("cellType").asText()).isEqualTo("LSTM");

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            JsonNode live;
            do {
                live = new ObjectMapper().readTree(http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/api/live")).header("Authorization", "Bearer s3cret").build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                Thread.sleep(200);
            } while (live.get("series").size() < sensors.size() && System.nanoTime() < deadline);
            assertThat(live.get("series")).hasSize(sensors.size());
            assertThat(live.get("series").get(0).get("points").size()).isEqualTo(40);
            assertThat(live.get("models").get(0).get("version").asLong()).isEqualTo(1);

            java.net.http.HttpResponse<String> post = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/models")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }
}
