package dev.nowcast.trainer.publish;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

import dev.nowcast.avro.WeightSnapshot;
import dev.nowcast.model.snapshot.ModelSnapshot;
import dev.nowcast.schemas.snapshot.WeightSnapshotMapping;

/**
 * Snapshot files: an Avro object container file holding exactly one {@link WeightSnapshot}, so the file carries
 * its own schema and any Avro tool can read it ({@code avro-tools tojson}), and a newer reader resolves an older
 * file by the usual schema resolution. What {@code nowcast train --out} writes and
 * {@code nowcast evaluate --snapshot} reads.
 */
public final class SnapshotFiles {
    private SnapshotFiles() {
    }

    /**
     * Writes {@code snapshot} to {@code file}, replacing it atomically where the file system allows (a reader
     * never sees half a file). Parent directories are created.
     */
    public static void write(ModelSnapshot snapshot, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (DataFileWriter<WeightSnapshot> writer =
                         new DataFileWriter<>(new SpecificDatumWriter<>(WeightSnapshot.class))) {
                writer.create(WeightSnapshot.getClassSchema(), temp.toFile());
                writer.append(WeightSnapshotMapping.toAvro(snapshot));
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads the snapshot of {@code file}, without validating its content (that is
     * {@link dev.nowcast.model.snapshot.SnapshotCodec#decode}'s job).
     *
     * @throws IOException naming the file if it cannot be read, is not an Avro container file, does not hold a
     *                     WeightSnapshot, or does not hold exactly one
     */
    public static ModelSnapshot read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such snapshot file");
        }
        try (DataFileReader<WeightSnapshot> reader = open(file)) {
            String writer = reader.getSchema().getFullName();
            if (!WeightSnapshot.getClassSchema().getFullName().equals(writer)) {
                throw new IOException(file + " holds " + writer + " records, not " + WeightSnapshot.class.getName());
            }
            if (!reader.hasNext()) {
                throw new IOException(file + " holds no snapshot");
            }
            WeightSnapshot snapshot = reader.next();
            if (reader.hasNext()) {
                throw new IOException(file + " holds more than one snapshot");
            }
            return WeightSnapshotMapping.fromAvro(snapshot);
        } catch (AvroRuntimeException e) {
            throw new IOException(file + " holds a corrupt or unreadable snapshot: " + e.getMessage(), e);
        }
    }

    private static DataFileReader<WeightSnapshot> open(Path file) throws IOException {
        try {
            return new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(WeightSnapshot.class));
        } catch (IOException | AvroRuntimeException e) {
            throw new IOException(file + " is not an Avro container file: " + e.getMessage(), e);
        }
    }
}
