package dev.nowcast.schemas.serde;

import org.apache.avro.Schema;

/**
 * The record's full name (e.g. {@code dev.nowcast.avro.Observation}): one subject per record type, shared by every
 * topic that carries it, so a topic may mix types. Confluent's
 * {@code io.confluent.kafka.serializers.subject.RecordNameStrategy}.
 */
public final class RecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return schema.getFullName();
    }
}
