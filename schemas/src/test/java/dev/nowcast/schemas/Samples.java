package dev.nowcast.schemas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.nowcast.avro.Anomaly;
import dev.nowcast.avro.Architecture;
import dev.nowcast.avro.CellType;
import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.ForecastStep;
import dev.nowcast.avro.HeadType;
import dev.nowcast.avro.Normalisation;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.avro.Tensor;
import dev.nowcast.avro.TrainingSummary;
import dev.nowcast.avro.WeightSnapshot;

/** One realistic record of each schema, with every optional part filled in. */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private Samples() {
    }

    public static Observation observation() {
        return Observation.newBuilder().setSeriesId("sensor-17").setTimestamp(T0).setValue(21.5)
                .setCovariates(List.of(0.25, -3.0)).build();
    }

    public static Prediction prediction() {
        return Prediction.newBuilder().setSeriesId("sensor-17").setModel("sensors").setModelVersion(3)
                .setObservedAt(T0).setObservedValue(21.5).setWarm(true)
                .setSteps(List.of(ForecastStep.newBuilder().setHorizon(1).setTargetTime(T0.plusSeconds(60))
                        .setMean(21.7).setStddev(0.4).setP10(21.19).setP50(21.7).setP90(22.21).setProbUp(0.69).build()))
                .build();
    }

    public static Anomaly anomaly() {
        return Anomaly.newBuilder().setSeriesId("sensor-17").setModel("sensors").setModelVersion(3).setObservedAt(T0)
                .setObservedValue(30.0).setExpectedMean(21.7).setExpectedStddev(0.4).setLower(21.19).setUpper(22.21)
                .setScore(20.75).build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder().setSourceTopic("nowcast.observations.sensors").setPartition(2).setOffset(1234)
                .setRecordTimestamp(T0).setReason(DeadLetterReason.KEY_MISMATCH).setDetail("key sensor-1 != seriesId sensor-17")
                .setKey(ByteBuffer.wrap(new byte[] {'s', '1'})).setValue(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 1, 2}))
                .setFailedAt(T0.plusMillis(5)).build();
    }

    public static WeightSnapshot weightSnapshot() {
        ByteBuffer weights = ByteBuffer.allocate(4 * 6).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            weights.putFloat(i * 0.5f - 1f);
        }
        weights.flip();
        return WeightSnapshot.newBuilder().setModel("sensors").setVersion(3).setCreatedAt(T0)
                .setArchitecture(Architecture.newBuilder().setCellType(CellType.GRU).setLayers(1).setHiddenSize(2)
                        .setInputFeatures(3).setHead(HeadType.GAUSSIAN).setHorizon(1).setWarmupSteps(10)
                        .setStepIntervalMillis(60_000).setMaxGapMillis(600_000)
                        .setSeasonalPeriodsMillis(List.of(86_400_000L)).setCovariates(2).build())
                .setNormalisation(Normalisation.newBuilder().setMethod("ewm-diff-v1").setParameters(Map.of("alpha", 0.01))
                        .setCovariateMean(List.of(0.0, 1.0)).setCovariateScale(List.of(1.0, 2.0)).build())
                .setTensors(List.of(Tensor.newBuilder().setName("head.weight").setShape(List.of(2, 3)).setData(weights).build()))
                .setTrainingSummary(TrainingSummary.newBuilder().setMetrics(Map.of("mae", 0.31))
                        .setBaselines(Map.of("naive.mae", 0.52)).setDataFrom(T0.minusSeconds(86_400)).setDataTo(T0)
                        .setSeries(12).setObservations(17_280).setDataFingerprint("f1e2d3").setChampionVersion(2L)
                        .setChampionScore(0.35).setChallengerScore(0.31).setDecision("promoted")
                        .setDetails("{\"epochs\":20}").build())
                .setSha256("ab".repeat(32)).setSignature(ByteBuffer.wrap(new byte[] {9, 8, 7})).setSigningKeyId("key-1")
                .build();
    }

    public static List<org.apache.avro.specific.SpecificRecord> all() {
        return List.of(observation(), prediction(), anomaly(), deadLetter(), weightSnapshot());
    }
}
