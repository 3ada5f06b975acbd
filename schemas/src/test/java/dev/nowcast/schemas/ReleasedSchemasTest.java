package dev.nowcast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build check of schema evolution ({@link ReleasedSchemaCheck}): the schemas in {@code src/main/avro} against
 * the released versions in {@code src/released}; and proof that the check fails on incompatible changes.
 */
class ReleasedSchemasTest {

    private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
    private static final Path CURRENT = BASEDIR.resolve("src/main/avro");
    private static final Path RELEASED = BASEDIR.resolve("src/released");

    @TempDir
    Path temp;

    @Test
    void everySchemaReadsEveryReleasedVersionOfItself() {
        assertThat(ReleasedSchemaCheck.problems(CURRENT, RELEASED))
                .as("Schema changes must be BACKWARD compatible with every released version (docs/schemas.md)")
                .isEmpty();
    }

    @Test
    void everySchemaHasBeenReleased() {
        try (Stream<Path> files = Files.list(CURRENT)) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".avsc", "")))
                    .allSatisfy(name -> assertThat(RELEASED.resolve(name).resolve("v1.avsc")).exists());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void failsOnANewFieldWithoutDefault() throws IOException {
        Path current = copyOfCurrent();
        edit(current, "Observation", "\"fields\": [", "\"fields\": [{\"name\": \"unit\", \"type\": \"string\", \"doc\": \"x\"},");

        assertThat(ReleasedSchemaCheck.problems(current, RELEASED)).singleElement().asString()
                .contains("Observation", "released v1", "READER_FIELD_MISSING_DEFAULT_VALUE", "unit");
    }

    @Test
    void failsOnAChangedFieldType() throws IOException {
        Path current = copyOfCurrent();
        edit(current, "Prediction", "\"name\": \"modelVersion\",\n      \"type\": \"long\"",
                "\"name\": \"modelVersion\",\n      \"type\": \"string\"");

        assertThat(ReleasedSchemaCheck.problems(current, RELEASED)).singleElement().asString()
                .contains("Prediction", "TYPE_MISMATCH", "/fields/2");
    }

    @Test
    void failsOnANullableFieldMadeRequired() throws IOException {
        Path current = copyOfCurrent();
        edit(current, "WeightSnapshot", "\"name\": \"signature\",\n      \"type\": [\"null\", \"bytes\"],\n      \"default\": null",
                "\"name\": \"signature\",\n      \"type\": \"bytes\"");

        assertThat(ReleasedSchemaCheck.problems(current, RELEASED)).singleElement().asString()
                .contains("WeightSnapshot", "TYPE_MISMATCH", "NULL");
    }

    @Test
    void failsOnARemovedEnumSymbolWithoutDefault() throws IOException {
        Path current = copyOfCurrent();
        Path file = current.resolve("DeadLetter.avsc");
        String text = Files.readString(file).replace("\"LATE\", ", "").replace("\"default\": \"UNKNOWN\"", "\"aliases\": []");
        Files.writeString(file, text);

        assertThat(ReleasedSchemaCheck.problems(current, RELEASED)).singleElement().asString()
                .contains("DeadLetter", "MISSING_ENUM_SYMBOLS", "LATE");
    }

    @Test
    void failsOnARenamedFieldWithoutAlias() throws IOException {
        Path current = copyOfCurrent();
        edit(current, "Anomaly", "\"name\": \"score\"", "\"name\": \"zScore\"");

        assertThat(ReleasedSchemaCheck.problems(current, RELEASED)).singleElement().asString()
                .contains("Anomaly", "READER_FIELD_MISSING_DEFAULT_VALUE", "zScore");
    }

    @Test
    void failsOnARemovedSchema() throws IOException {
        Path current = copyOfCurrent();
        Files.delete(current.resolve("Anomaly.avsc"));

        assertThat(ReleasedSchemaCheck.problems(current, RELEASED)).singleElement().asString()
                .contains("Anomaly was released", "cannot be removed");
    }

    @Test
    void failsOnAnEditedReleasedFile() throws IOException {
        Path released = copy(RELEASED, temp.resolve("released"));
        edit(released.resolve("Observation"), "v1", "Event time", "Event-time");

        assertThat(ReleasedSchemaCheck.problems(CURRENT, released)).singleElement().asString()
                .contains("Observation/v1.avsc changed after its release");
    }

    @Test
    void failsOnAReleaseMissingFromTheManifestOrWithAGap() throws IOException {
        Path released = copy(RELEASED, temp.resolve("released"));
        Files.copy(RELEASED.resolve("Observation/v1.avsc"), released.resolve("Observation/v3.avsc"));

        assertThat(ReleasedSchemaCheck.problems(CURRENT, released)).containsExactlyInAnyOrder(
                released.resolve("Observation") + ": v2.avsc is missing (versions count from 1 without gaps)",
                "Observation/v3.avsc is not in released.sha256: add '"
                        + "d12addea8a2606360a3239788fc85b418a81fbd81cadacc0d7c470daf66e0fee  Observation/v3.avsc' when releasing it");
    }

    @Test
    void acceptsCompatibleEvolution() throws IOException {
        Path current = copyOfCurrent();
        // A new optional field, a removed field, a new enum symbol (old readers fall back to UNKNOWN).
        edit(current, "Observation", "\"fields\": [",
                "\"fields\": [{\"name\": \"unit\", \"type\": [\"null\", \"string\"], \"default\": null, \"doc\": \"x\"},");
        edit(current, "Anomaly", ",\n    {\n      \"name\": \"score\",\n      \"type\": \"double\",\n"
                + "      \"doc\": \"Standardised residual: (observedValue - expectedMean) / expectedStddev.\"\n    }", "");
        edit(current, "DeadLetter", "\"INVALID_SNAPSHOT\", \"UNKNOWN\"", "\"INVALID_SNAPSHOT\", \"RATE_LIMITED\", \"UNKNOWN\"");

        assertThat(ReleasedSchemaCheck.problems(current, RELEASED)).isEmpty();
    }

    private Path copyOfCurrent() throws IOException {
        return copy(CURRENT, temp.resolve("current"));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return to;
    }

    private static void edit(Path dir, String name, String from, String to) throws IOException {
        Path file = dir.resolve(name + ".avsc");
        String text = Files.readString(file);
        assertThat(text).as("%s contains the text to replace", file).contains(from);
        Files.writeString(file, text.replace(from, to));
    }
}
