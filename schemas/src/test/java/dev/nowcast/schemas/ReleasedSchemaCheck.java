package dev.nowcast.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.avro.Schema;

import dev.nowcast.schemas.registry.AvroCompatibility;

/**
 * The build's schema evolution check: every schema in the source directory must be able to read data written
 * with every released version of it (BACKWARD_TRANSITIVE: weight snapshots live on a compacted topic, so records
 * of any released version may still be read), no released schema may disappear, and released files must be
 * exactly as released (their SHA-256 in {@code released.sha256}).
 *
 * <p>Layout: {@code <current>/<Name>.avsc} and {@code <released>/<Name>/v<N>.avsc}, N counting from 1.
 */
public final class ReleasedSchemaCheck {

    /** The manifest of released files: {@code sha256sum} output, one {@code <hex>  <Name>/v<N>.avsc} per line. */
    public static final String MANIFEST = "released.sha256";

    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");
    private static final Pattern MANIFEST_LINE = Pattern.compile("([0-9a-f]{64}) [ *](\\S+)");

    private ReleasedSchemaCheck() {
    }

    /** Every problem found; empty when the current schemas may be built. */
    public static List<String> problems(Path currentDir, Path releasedDir) {
        List<String> problems = new ArrayList<>();
        Map<String, Schema> current = currentSchemas(currentDir, problems);
        Map<String, Map<Integer, Path>> released = releasedFiles(releasedDir, problems);
        problems.addAll(manifestProblems(releasedDir, released));
        released.forEach((name, versions) -> {
            Schema schema = current.get(name);
            if (schema == null) {
                problems.add(name + " was released (" + releasedDir.relativize(versions.values().iterator().next())
                        + ") but " + currentDir.resolve(name + ".avsc") + " is gone: released schemas cannot be removed");
                return;
            }
            versions.forEach((version, file) -> {
                Schema old = parse(file, problems);
                if (old == null) {
                    return;
                }
                if (!old.getFullName().equals(schema.getFullName())) {
                    problems.add(file + " is " + old.getFullName() + ", not " + schema.getFullName());
                }
                AvroCompatibility.readProblems(schema, old).forEach(p -> problems.add(name
                        + ": the current schema cannot read data written with released v" + version + " (not BACKWARD"
                        + " compatible): " + p));
            });
        });
        return problems;
    }

    private static Map<String, Schema> currentSchemas(Path dir, List<String> problems) {
        Map<String, Schema> schemas = new TreeMap<>();
        for (Path file : list(dir)) {
            String fileName = file.getFileName().toString();
            if (!fileName.endsWith(".avsc")) {
                continue;
            }
            Schema schema = parse(file, problems);
            String name = fileName.substring(0, fileName.length() - ".avsc".length());
            if (schema != null && !schema.getName().equals(name)) {
                problems.add(file + " defines " + schema.getFullName() + ": the file must be named "
                        + schema.getName() + ".avsc");
            }
            if (schema != null) {
                schemas.put(name, schema);
            }
        }
        return schemas;
    }

    /** Released files by schema name and version, checking that versions count 1, 2, ... without gaps. */
    private static Map<String, Map<Integer, Path>> releasedFiles(Path dir, List<String> problems) {
        Map<String, Map<Integer, Path>> released = new TreeMap<>();
        for (Path schemaDir : list(dir)) {
            if (!Files.isDirectory(schemaDir)) {
                continue;
            }
            Map<Integer, Path> versions = new TreeMap<>();
            for (Path file : list(schemaDir)) {
                Matcher m = VERSION_FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    versions.put(Integer.parseInt(m.group(1)), file);
                } else {
                    problems.add(file + ": released files are named v<N>.avsc");
                }
            }
            int expected = 1;
            for (int version : versions.keySet()) {
                if (version != expected) {
                    problems.add(schemaDir + ": v" + expected + ".avsc is missing (versions count from 1 without gaps)");
                    break;
                }
                expected++;
            }
            if (!versions.isEmpty()) {
                released.put(schemaDir.getFileName().toString(), versions);
            }
        }
        return released;
    }

    private static List<String> manifestProblems(Path dir, Map<String, Map<Integer, Path>> released) {
        List<String> problems = new ArrayList<>();
        Path manifest = dir.resolve(MANIFEST);
        Map<String, String> listed = new LinkedHashMap<>();
        if (Files.exists(manifest)) {
            for (String line : read(manifest).lines().filter(l -> !l.isBlank()).toList()) {
                Matcher m = MANIFEST_LINE.matcher(line.strip());
                if (m.matches()) {
                    listed.put(m.group(2), m.group(1));
                } else {
                    problems.add(manifest + ": not a '<sha256>  <Name>/v<N>.avsc' line: " + line);
                }
            }
        }
        released.values().forEach(versions -> versions.values().forEach(file -> {
            String relative = dir.relativize(file).toString().replace('\\', '/');
            String expected = listed.remove(relative);
            String actual = sha256(file);
            if (expected == null) {
                problems.add(relative + " is not in " + MANIFEST + ": add '" + actual + "  " + relative
                        + "' when releasing it");
            } else if (!expected.equals(actual)) {
                problems.add(relative + " changed after its release (sha256 " + actual + ", released " + expected
                        + "): released schemas are immutable; put the change in a new version");
            }
        }));
        listed.keySet().forEach(file -> problems.add(MANIFEST + " lists " + file + ", which does not exist"));
        return problems;
    }

    private static Schema parse(Path file, List<String> problems) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException | RuntimeException e) {
            problems.add(file + " is not a valid Avro schema: " + e.getMessage());
            return null;
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
