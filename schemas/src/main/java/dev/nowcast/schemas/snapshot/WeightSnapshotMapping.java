package dev.nowcast.schemas.snapshot;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.nowcast.avro.Architecture;
import dev.nowcast.avro.CellType;
import dev.nowcast.avro.HeadType;
import dev.nowcast.avro.Normalisation;
import dev.nowcast.avro.Tensor;
import dev.nowcast.avro.TrainingSummary;
import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.model.snapshot.ModelSnapshot;

/**
 * Converts between the Avro {@link WeightSnapshot} on the {@code nowcast.model-weights} topic and the model
 * library's Avro-free {@link ModelSnapshot}, field by field and without judging the content: validation is
 * {@code SnapshotCodec}'s job, so a bad snapshot survives the mapping and is rejected with a precise reason.
 */
public final class WeightSnapshotMapping {

    private WeightSnapshotMapping() {
    }

    /** The model library's mirror of {@code s}, field by field. */
    public static ModelSnapshot fromAvro(WeightSnapshot s) {
        Architecture a = s.getArchitecture();
        Normalisation n = s.getNormalisation();
        TrainingSummary t = s.getTrainingSummary();
        List<ModelSnapshot.Tensor> tensors = new ArrayList<>(s.getTensors().size());
        for (Tensor tensor : s.getTensors()) {
            tensors.add(new ModelSnapshot.Tensor(tensor.getName(), tensor.getShape(), bytes(tensor.getData())));
        }
        return new ModelSnapshot(s.getModel(), s.getVersion(), s.getCreatedAt().toEpochMilli(),
                new ModelSnapshot.Architecture(a.getCellType().name(), a.getLayers(), a.getHiddenSize(),
                        a.getInputFeatures(), a.getHead().name(), a.getHorizon(), a.getWarmupSteps(),
                        a.getStepIntervalMillis(), a.getMaxGapMillis(), a.getSeasonalPeriodsMillis(), a.getCovariates()),
                new ModelSnapshot.Normalisation(n.getMethod(), n.getParameters(), n.getCovariateMean(),
                        n.getCovariateScale()),
                tensors,
                new ModelSnapshot.TrainingSummary(t.getMetrics(), t.getBaselines(), t.getDataFrom().toEpochMilli(),
                        t.getDataTo().toEpochMilli(), t.getSeries(), t.getObservations(), t.getDataFingerprint(),
                        t.getChampionVersion(), t.getChampionScore(), t.getChallengerScore(), t.getDecision(),
                        t.getDetails()),
                s.getSha256(), s.getSignature() == null ? null : bytes(s.getSignature()), s.getSigningKeyId());
    }

    /**
     * @throws IllegalArgumentException if the snapshot's cell type or head is not a symbol of the Avro schema
     */
    public static WeightSnapshot toAvro(ModelSnapshot s) {
        ModelSnapshot.Architecture a = s.architecture();
        ModelSnapshot.Normalisation n = s.normalisation();
        ModelSnapshot.TrainingSummary t = s.trainingSummary();
        List<Tensor> tensors = new ArrayList<>(s.tensors().size());
        for (ModelSnapshot.Tensor tensor : s.tensors()) {
            tensors.add(Tensor.newBuilder().setName(tensor.name()).setShape(tensor.shape())
                    .setData(ByteBuffer.wrap(tensor.data())).build());
        }
        return WeightSnapshot.newBuilder()
                .setModel(s.model())
                .setVersion(s.version())
                .setCreatedAt(Instant.ofEpochMilli(s.createdAt()))
                .setArchitecture(Architecture.newBuilder()
                        .setCellType(CellType.valueOf(a.cellType()))
                        .setLayers(a.layers())
                        .setHiddenSize(a.hiddenSize())
                        .setInputFeatures(a.inputFeatures())
                        .setHead(HeadType.valueOf(a.head()))
                        .setHorizon(a.horizon())
                        .setWarmupSteps(a.warmupSteps())
                        .setStepIntervalMillis(a.stepIntervalMillis())
                        .setMaxGapMillis(a.maxGapMillis())
                        .setSeasonalPeriodsMillis(a.seasonalPeriodsMillis())
                        .setCovariates(a.covariates())
                        .build())
                .setNormalisation(Normalisation.newBuilder()
                        .setMethod(n.method())
                        .setParameters(n.parameters())
                        .setCovariateMean(n.covariateMean())
                        .setCovariateScale(n.covariateScale())
                        .build())
                .setTensors(tensors)
                .setTrainingSummary(TrainingSummary.newBuilder()
                        .setMetrics(t.metrics())
                        .setBaselines(t.baselines())
                        .setDataFrom(Instant.ofEpochMilli(t.dataFrom()))
                        .setDataTo(Instant.ofEpochMilli(t.dataTo()))
                        .setSeries(t.series())
                        .setObservations(t.observations())
                        .setDataFingerprint(t.dataFingerprint())
                        .setChampionVersion(t.championVersion())
                        .setChampionScore(t.championScore())
                        .setChallengerScore(t.challengerScore())
                        .setDecision(t.decision())
                        .setDetails(t.details())
                        .build())
                .setSha256(s.sha256())
                .setSignature(s.signature() == null ? null : ByteBuffer.wrap(s.signature()))
                .setSigningKeyId(s.signingKeyId())
                .build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
