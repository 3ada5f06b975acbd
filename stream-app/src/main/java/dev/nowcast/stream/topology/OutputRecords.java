package dev.nowcast.stream.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.header.internals.RecordHeaders;

import dev.nowcast.avro.Anomaly;
import dev.nowcast.avro.ForecastStep;
import dev.nowcast.avro.Prediction;
import dev.nowcast.model.forecast.StepResult;

/**
 * Fills one processor's output records. The Avro objects are reused from event to event: Kafka Streams
 * serialises a record inside {@code forward}, before the next event can change it.
 */
final class OutputRecords {

    /** Header naming the model that produced an output. */
    static final String MODEL_HEADER = "nowcast-model";
    /** Header with the model version (decimal text), so consumers can filter without decoding the value. */
    static final String VERSION_HEADER = "nowcast-model-version";

    private final String model;
    private final byte[] modelBytes;
    private final Prediction prediction = new Prediction();
    private final List<ForecastStep> steps = new ArrayList<>();
    private final Anomaly anomaly = new Anomaly();
    private long headerVersion = Long.MIN_VALUE;
    private byte[] versionBytes;

    OutputRecords(String model) {
        this.model = model;
        this.modelBytes = model.getBytes(StandardCharsets.UTF_8);
        prediction.setModel(model);
        prediction.setSteps(steps);
        anomaly.setModel(model);
    }

    RecordHeaders headers(long version) {
        if (version != headerVersion) {
            headerVersion = version;
            versionBytes = Long.toString(version).getBytes(StandardCharsets.UTF_8);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(MODEL_HEADER, modelBytes);
        headers.add(VERSION_HEADER, versionBytes);
        return headers;
    }

    Prediction prediction(String seriesId, long version, Instant observedAt, double observedValue, StepResult result) {
        int horizon = result.horizon();
        resize(horizon);
        for (int h = 1; h <= horizon; h++) {
            ForecastStep step = steps.get(h - 1);
            step.setHorizon(h);
            step.setTargetTime(Instant.ofEpochMilli(result.targetTime(h)));
            step.setMean(result.mean(h));
            step.setStddev(result.stddev(h));
            step.setP10(result.p10(h));
            step.setP50(result.p50(h));
            step.setP90(result.p90(h));
            step.setProbUp(result.probUp(h));
        }
        return fill(seriesId, version, observedAt, observedValue, result.warm());
    }

    private Prediction fill(String seriesId, long version, Instant observedAt, double observedValue, boolean warm) {
        prediction.setSeriesId(seriesId);
        prediction.setModelVersion(version);
        prediction.setObservedAt(observedAt);
        prediction.setObservedValue(observedValue);
        prediction.setWarm(warm);
        return prediction;
    }

    private void resize(int horizon) {
        while (steps.size() < horizon) {
            steps.add(new ForecastStep());
        }
        while (steps.size() > horizon) {
            steps.remove(steps.size() - 1);
        }
    }

    Anomaly anomaly(String seriesId, long version, Instant observedAt, double observedValue, StepResult result) {
        anomaly.setSeriesId(seriesId);
        anomaly.setModelVersion(version);
        anomaly.setObservedAt(observedAt);
        anomaly.setObservedValue(observedValue);
        anomaly.setExpectedMean(result.expectedMean());
        anomaly.setExpectedStddev(result.expectedStddev());
        anomaly.setLower(result.lower());
        anomaly.setUpper(result.upper());
        anomaly.setScore(result.anomalyScore());
        return anomaly;
    }

}
