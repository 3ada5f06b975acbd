package dev.nowcast.schemas.registry;

import java.util.Objects;

import org.apache.avro.Schema;

/**
 * One version of a subject: the subject, its version number within the subject, the registry-wide schema id
 * (the id the wire format carries) and the schema.
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
