package dev.nowcast.schemas.serde;

import org.apache.avro.Schema;

/**
 * {@code <topic>-<record full name>}: one subject per record type and topic, so a topic may mix types and each
 * evolves separately per topic. Confluent's {@code io.confluent.kafka.serializers.subject.TopicRecordNameStrategy}.
 */
public final class TopicRecordNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + "-" + schema.getFullName();
    }
}
