package dev.nowcast.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.nowcast.avro.Observation;
import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.model.snapshot.SnapshotCodec;
import dev.nowcast.model.snapshot.SnapshotSigning;
import dev.nowcast.trainer.signing.SigningKey;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;
import dev.nowcast.trainer.testing.Snapshots;

class SnapshotFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSignedSnapshotSurvivesTheFileRoundTripAndStillVerifies() throws Exception {
        var pair = SigningKey.generate();
        ModelSnapshot signed = SnapshotSigning.sign(Snapshots.tiny("sensors", 7), pair.getPrivate(), "k1");
        Path file = dir.resolve("nested/dir/sensors-v7.avro");

        SnapshotFiles.write(signed, file);
        ModelSnapshot back = SnapshotFiles.read(file);

        assertThat(back).isEqualTo(signed);
        assertThat(SnapshotCodec.decode(back, pair.getPublic()).version()).isEqualTo(7);
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void writingReplacesAnEarlierFile() throws IOException {
        Path file = dir.resolve("model.avro");
        SnapshotFiles.write(Snapshots.tiny("sensors", 1), file);

        SnapshotFiles.write(Snapshots.tiny("sensors", 2), file);

        assertThat(SnapshotFiles.read(file).version()).isEqualTo(2);
    }

    @Test
    void theFileIsAPlainAvroContainerThatDescribesItself() throws IOException {
        Path file = dir.resolve("model.avro");
        SnapshotFiles.write(Snapshots.tiny("sensors", 1), file);

        try (var reader = new org.apache.avro.file.DataFileReader<Object>(file.toFile(),
                new org.apache.avro.generic.GenericDatumReader<>())) {
            assertThat(reader.getSchema()).isEqualTo(WeightSnapshot.getClassSchema());
            assertThat(reader.next().toString()).contains("\"model\": \"sensors\"");
        }
    }

    @Test
    void explainsWhatIsWrongWithAFile() throws IOException {
        Path text = Files.writeString(dir.resolve("text.avro"), "hello");
        Path observations = dir.resolve("observations.avro");
        try (DataFileWriter<Observation> w = new DataFileWriter<>(new SpecificDatumWriter<>(Observation.class))) {
            w.create(Observation.getClassSchema(), observations.toFile());
            w.append(Observation.newBuilder().setSeriesId("a").setTimestamp(Instant.EPOCH).setValue(1).build());
        }
        Path empty = dir.resolve("empty.avro");
        try (DataFileWriter<WeightSnapshot> w = new DataFileWriter<>(new SpecificDatumWriter<>(WeightSnapshot.class))) {
            w.create(WeightSnapshot.getClassSchema(), empty.toFile());
        }
        Path two = dir.resolve("two.avro");
        try (DataFileWriter<WeightSnapshot> w = new DataFileWriter<>(new SpecificDatumWriter<>(WeightSnapshot.class))) {
            w.create(WeightSnapshot.getClassSchema(), two.toFile());
            w.append(WeightSnapshotMapping.toAvro(Snapshots.tiny("a", 1)));
            w.append(WeightSnapshotMapping.toAvro(Snapshots.tiny("a", 2)));
        }

        assertThatThrownBy(() -> SnapshotFiles.read(dir.resolve("missing.avro")))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> SnapshotFiles.read(text)).hasMessageContaining("text.avro is not an Avro container");
        assertThatThrownBy(() -> SnapshotFiles.read(observations))
                .hasMessageContaining("holds dev.nowcast.avro.Observation records, not dev.nowcast.avro.WeightSnapshot");
        assertThatThrownBy(() -> SnapshotFiles.read(empty)).hasMessageContaining("holds no snapshot");
        assertThatThrownBy(() -> SnapshotFiles.read(two)).hasMessageContaining("more than one snapshot");
    }
}
