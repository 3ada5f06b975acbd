package dev.nowcast.schemas.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.data.Series;
import dev.nowcast.model.train.ForecastTrainer;
import dev.nowcast.model.train.TrainingConfig;

class WeightSnapshotMappingTest {

    @Test
    void aSnapshotSurvivesTheAvroRoundTripAndStillLoads() throws Exception {
        ModelSnapshot original = tinySnapshot("sensors", 3);

        WeightSnapshot avro = WeightSnapshotMapping.toAvro(original);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(WeightSnapshot.class).write(avro, encoder);
        encoder.flush();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
        WeightSnapshot read = new SpecificDatumReader<>(WeightSnapshot.class).read(null, decoder);

        ModelSnapshot back = WeightSnapshotMapping.fromAvro(read);
        assertThat(back).isEqualTo(original);
        Forecaster forecaster = SnapshotCodec.decode(back);
        assertThat(forecaster.version()).isEqualTo(3);
    }

    /** A tiny GRU snapshot, trained for one epoch on two sine waves. */
    private static ModelSnapshot tinySnapshot(String model, long version) {
        java.util.List<Series> series = new java.util.ArrayList<>();
        for (int k = 0; k < 2; k++) {
            long[] ts = new long[300];
            double[] v = new double[300];
            for (int i = 0; i < 300; i++) {
                ts[i] = 1_000_000L + i * 60_000L;
                v[i] = 10 * k + Math.sin(i / 5.0);
            }
            series.add(new Series("s" + k, ts, v));
        }
        TrainingConfig config = TrainingConfig.builder().optimizerSteps(0).cellType(CellType.GRU).hiddenSize(4).stepIntervalMillis(60_000)
                .maxGapMillis(600_000).warmupSteps(8).window(16).batchSize(8).chunkSize(8).maxEpochs(1).seed(7)
                .threads(1).build();
        return SnapshotCodec.encode(model, 1_700_000_000_000L, new ForecastTrainer(config).train(series)
                .forecaster(version), new ModelSnapshot.TrainingSummary(java.util.Map.of("mae", 0.5),
                java.util.Map.of("naive.mae", 0.6), 1_000_000L, 2_000_000L, 2, 600, "fingerprint", null, null, null,
                "accepted: no champion", "{}"));
    }
}
