package dev.nowcast.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.nowcast.avro.Anomaly;
import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Observation;
import dev.nowcast.avro.Prediction;
import dev.nowcast.avro.WeightSnapshot;

/** The schemas as DESIGN.md fixes them: namespace, documentation of every part, Java types of the generated code. */
class SchemaDefinitionsTest {

    static Stream<Schema> schemas() {
        return Stream.of(Observation.SCHEMA$, Prediction.SCHEMA$, Anomaly.SCHEMA$, DeadLetter.SCHEMA$, WeightSnapshot.SCHEMA$);
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void everyRecordEnumAndFieldIsDocumented(Schema schema) {
        List<String> undocumented = new ArrayList<>();
        collectUndocumented(schema, schema.getName(), undocumented, new IdentityHashMap<>());
        assertThat(undocumented).as("parts of %s without a doc", schema.getName()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("schemas")
    void isInTheNowcastNamespace(Schema schema) {
        assertThat(schema.getNamespace()).isEqualTo("dev.nowcast.avro");
    }

    @org.junit.jupiter.api.Test
    void timestampsAreInstantsAndStringsAreStrings() {
        Observation observation = Observation.newBuilder().setSeriesId("s").setTimestamp(Instant.ofEpochMilli(5))
                .setValue(1.0).build();
        assertThat(observation.getTimestamp()).isEqualTo(Instant.ofEpochMilli(5));
        assertThat(observation.getSeriesId()).isInstanceOf(String.class);
        assertThat(observation.getCovariates()).as("covariates default to []").isEmpty();
    }

    @org.junit.jupiter.api.Test
    void deadLetterReasonFallsBackToUnknown() {
        assertThat(DeadLetterReason.SCHEMA$.getEnumDefault()).isEqualTo("UNKNOWN");
        assertThat(DeadLetterReason.values()).extracting(Enum::name).containsSubsequence("MALFORMED", "WRONG_MAGIC_BYTE",
                "UNKNOWN_SCHEMA_ID", "WRONG_SCHEMA", "OVERSIZED", "NULL_KEY", "KEY_MISMATCH", "NON_FINITE",
                "BAD_TIMESTAMP", "LATE", "INVALID_SNAPSHOT", "UNKNOWN");
    }

    private static void collectUndocumented(Schema schema, String path, List<String> undocumented,
                                            Map<Schema, Boolean> seen) {
        if (seen.put(schema, Boolean.TRUE) != null) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                if (isBlank(schema.getDoc())) {
                    undocumented.add(path + " (record " + schema.getName() + ")");
                }
                for (Schema.Field field : schema.getFields()) {
                    if (isBlank(field.doc())) {
                        undocumented.add(path + "." + field.name());
                    }
                    collectUndocumented(field.schema(), path + "." + field.name(), undocumented, seen);
                }
            }
            case ENUM -> {
                if (isBlank(schema.getDoc())) {
                    undocumented.add(path + " (enum " + schema.getName() + ")");
                }
            }
            case ARRAY -> collectUndocumented(schema.getElementType(), path + "[]", undocumented, seen);
            case MAP -> collectUndocumented(schema.getValueType(), path + "{}", undocumented, seen);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, path, undocumented, seen));
            default -> {
            }
        }
    }

    private static boolean isBlank(String doc) {
        return doc == null || doc.isBlank();
    }
}
