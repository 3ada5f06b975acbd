package dev.nowcast.schemas.serde;

import org.apache.avro.Schema;

/**
 * Chooses the registry subject a record's schema is registered and looked up under. Named in
 * {@code key.subject.name.strategy} / {@code value.subject.name.strategy} by class name (an implementation needs a
 * public no-argument constructor); Confluent's class names are accepted for the three standard strategies.
 * Implementations must be pure functions of their arguments: serdes cache the result.
 */
@FunctionalInterface
public interface SubjectNameStrategy {

    /**
     * The subject for a record of {@code schema} on {@code topic}, as key ({@code isKey}) or value.
     */
    String subjectName(String topic, boolean isKey, Schema schema);
}
