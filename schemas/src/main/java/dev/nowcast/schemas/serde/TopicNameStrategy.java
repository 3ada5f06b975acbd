package dev.nowcast.schemas.serde;

import org.apache.avro.Schema;

/**
 * {@code <topic>-key} or {@code <topic>-value}: one schema (and its evolutions) per topic. The default, as in
 * Confluent's serdes ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}).
 */
public final class TopicNameStrategy implements SubjectNameStrategy {

    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + (isKey ? "-key" : "-value");
    }
}
