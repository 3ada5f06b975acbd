package dev.nowcast.schemas.registry;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Avro schema compatibility as a schema registry judges it, built on Avro's own {@link SchemaCompatibility}
 * (the same rules as Avro's schema resolution, so "compatible" means "the reader really decodes the data").
 * Used by the in-memory registry, the serdes (can this reader read that writer?) and the build's check of the
 * schemas against their released versions.
 */
public final class AvroCompatibility {

    private AvroCompatibility() {
    }

    /**
     * Why a reader with schema {@code reader} cannot read data written with schema {@code writer}; empty when it
     * can. Each entry names the kind of problem, where it is and what is wrong.
     */
    public static List<String> readProblems(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                    + incompatibility.getMessage());
        }
        return problems;
    }

    /**
     * Why {@code candidate} is not compatible, under {@code level}, with the earlier versions {@code history}
     * (oldest first); empty when it is. A non-transitive level checks the last version of the history only.
     */
    public static List<String> check(CompatibilityLevel level, Schema candidate, List<Schema> history) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || history.isEmpty()) {
            return problems;
        }
        int from = level.transitive() ? 0 : history.size() - 1;
        for (int i = from; i < history.size(); i++) {
            Schema earlier = history.get(i);
            String which = "version " + (i + 1) + " of " + history.size();
            if (level.backward()) {
                readProblems(candidate, earlier).forEach(p ->
                        problems.add("the new schema cannot read data written with " + which + ": " + p));
            }
            if (level.forward()) {
                readProblems(earlier, candidate).forEach(p ->
                        problems.add(which + " cannot read data written with the new schema: " + p));
            }
        }
        return problems;
    }
}
