package dev.nowcast.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * Proves a test stack end to end: the broker carries records, the registry stores and serves a schema, and a
 * Kafka Streams topology with a state store runs exactly_once_v2 against the broker. Run against the local stack
 * and, where Docker exists, against Confluent's images.
 */
abstract class StackSmokeSuite {

    private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"Smoke\",\"namespace\":\"dev.nowcast.test\","
            + "\"fields\":[{\"name\":\"value\",\"type\":\"double\"}]}";

    @Test
    void producesAndConsumesThroughTheBroker(TestKafka kafka) throws Exception {
        String topic = kafka.createTopic("smoke", 3);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
            }
        }
        List<ConsumerRecord<String, String>> records =
                kafka.read(topic, new StringDeserializer(), new StringDeserializer(), 10, Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::value)
                .containsExactlyInAnyOrder("value-0", "value-1", "value-2", "value-3", "value-4",
                        "value-5", "value-6", "value-7", "value-8", "value-9");
    }

    @Test
    void registersAndFetchesASchema(TestKafka kafka, TestRegistry registry) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String subject = kafka.uniqueName("smoke") + "-value";
        String body = "{\"schema\":" + jsonString(SCHEMA) + "}";
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(
                        URI.create(registry.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(registered.body());
        assertThat(id.find()).as(registered.body()).isTrue();

        HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(
                URI.create(registry.url() + "/schemas/ids/" + id.group(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).contains("dev.nowcast.test").contains("Smoke");
    }

    @Test
    void runsAStatefulTopologyExactlyOnce(TestKafka kafka) throws Exception {
        String input = kafka.createTopic("smoke-in", 2);
        String output = kafka.createTopic("smoke-out", 2);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey()
                .count(Materialized.as("counts"))
                .toStream()
                .mapValues(Object::toString)
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, kafka.uniqueName("smoke-app"));
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, kafka.stateDir().toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        // No record cache: every count update is forwarded, so the output shows each step.
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), config);
             KafkaProducer<String, String> producer =
                     new KafkaProducer<>(kafka.producerConfig(), new StringSerializer(), new StringSerializer())) {
            streams.start();
            for (String key : List.of("a", "b", "a", "a", "b")) {
                producer.send(new ProducerRecord<>(input, key, "x")).get();
            }
            List<ConsumerRecord<String, String>> counts =
                    kafka.read(output, new StringDeserializer(), new StringDeserializer(), 5, Duration.ofSeconds(60));
            // read_committed: every count is visible exactly once, in order per key.
            assertThat(counts).filteredOn(r -> r.key().equals("a")).extracting(ConsumerRecord::value)
                    .containsExactly("1", "2", "3");
            assertThat(counts).filteredOn(r -> r.key().equals("b")).extracting(ConsumerRecord::value)
                    .containsExactly("1", "2");
            streams.close(Duration.ofSeconds(30));
        }
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
