package dev.nowcast.trainer.snapshot;

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
import dev.nowcast.trainer.testing.Snapshots;

class WeightSnapshotMappingTest {

    @Test
    void aSnapshotSurvivesTheAvroRoundTripAndStillLoads() throws Exception {
        ModelSnapshot original = Snapshots.tiny("sensors", 3);

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
}
