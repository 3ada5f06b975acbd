package dev.nowcast.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nowcast.schemas.Samples;
import dev.nowcast.schemas.registry.HttpSchemaRegistryClient;
import dev.nowcast.schemas.serde.KafkaAvroDeserializer;
import dev.nowcast.schemas.serde.KafkaAvroSerializer;
import dev.nowcast.schemas.serde.TopicRecordNameStrategy;
import dev.nowcast.testsupport.TestKafka;
import dev.nowcast.testsupport.TestRegistry;

/**
 * Interoperability with Confluent's own serdes, as downstream apps will use them: every schema written by our
 * serializer through a real broker and read by Confluent's JavaScript AvroDeserializer
 * ({@code @confluentinc/schemaregistry}, installed by the build's npm-ci step), and written by Confluent's
 * AvroSerializer and read by our deserializer. Skipped, by assumption, where node or the package is missing.
 */
abstract class ConfluentInteropSuite {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** JSON numbers compare by value: JavaScript prints 1.0 as 1, Java as 1.0. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) ->
            a.isNumber() && b.isNumber() ? Double.compare(a.asDouble(), b.asDouble()) : a.equals(b) ? 0 : 1;

    private Path nodeProject;

    @TempDir
    Path temp;

    /** Per test, not per class: so that a missing installation shows as skipped tests in the report. */
    @BeforeEach
    void findConfluentsJavaScriptSerdes() {
        String dir = System.getProperty("nowcast.interop.node.dir");
        Assumptions.assumeTrue(dir != null, "nowcast.interop.node.dir is not set: run through Maven (failsafe)");
        nodeProject = Path.of(dir);
        Assumptions.assumeTrue(Files.isDirectory(nodeProject.resolve("node_modules/@confluentinc/schemaregistry")),
                "Confluent's JavaScript serdes are not installed in " + nodeProject + " (node/npm missing when the "
                        + "build ran npm ci): skipping the Confluent interop checks");
        Assumptions.assumeTrue(nodeAnswers(), "node is not on the PATH: skipping the Confluent interop checks");
    }

    @Test
    void confluentsDeserializerReadsWhatWeWrite(TestKafka kafka, TestRegistry registry) throws Exception {
        // One topic for all five types (TopicRecordNameStrategy): reading by schema id needs no subject.
        String topic = kafka.createTopic("to-confluent", 1);
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(Map.of("schema.registry.url", registry.url(),
                    "value.subject.name.strategy", TopicRecordNameStrategy.class.getName()), false);
            SerdeSuite.produce(kafka, topic, serializer, Samples.all());
        }
        List<ConsumerRecord<String, byte[]>> written =
                kafka.read(topic, new StringDeserializer(), new ByteArrayDeserializer(), Samples.all().size(), TIMEOUT);
        ArrayNode jobs = JSON.createArrayNode();
        for (int i = 0; i < written.size(); i++) {
            Path bytes = Files.write(temp.resolve(i + ".bin"), written.get(i).value());
            jobs.addObject().put("command", "deserialize").put("topic", topic).put("input", bytes.toString());
        }

        JsonNode decoded = runJobs(registry, jobs);

        assertThat(decoded).hasSize(Samples.all().size());
        for (int i = 0; i < Samples.all().size(); i++) {
            SpecificRecord record = Samples.all().get(i);
            JsonNode expected = json(record, record.getSchema(), false);
            assertThat(decoded.get(i).equals(SAME_VALUE, expected))
                    .as("Confluent's reading of a %s:%n%s%nexpected:%n%s", name(record), decoded.get(i), expected)
                    .isTrue();
        }
    }

    @Test
    void weReadWhatConfluentsSerializerWrites(TestKafka kafka, TestRegistry registry) throws Exception {
        // Confluent's serializer writes with the latest version of <topic>-value, registered here per type.
        String prefix = kafka.uniqueName("from-confluent");
        ArrayNode jobs = JSON.createArrayNode();
        try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of("schema.registry.url", registry.url()))) {
            for (SpecificRecord record : Samples.all()) {
                String subjectTopic = prefix + "-" + name(record);
                client.register(subjectTopic + "-value", record.getSchema());
                Path input = Files.writeString(temp.resolve(name(record) + ".json"),
                        json(record, record.getSchema(), true).toString());
                jobs.addObject().put("command", "serialize").put("topic", subjectTopic).put("input", input.toString())
                        .put("output", temp.resolve(name(record) + ".bin").toString());
            }
        }

        runJobs(registry, jobs);

        String topic = kafka.createTopic("from-confluent", 1);
        List<byte[]> values = new ArrayList<>();
        for (SpecificRecord record : Samples.all()) {
            values.add(Files.readAllBytes(temp.resolve(name(record) + ".bin")));
        }
        SerdeSuite.produce(kafka, topic, new ByteArraySerializer(), values);
        KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();
        deserializer.configure(Map.of("schema.registry.url", registry.url(), "specific.avro.reader", true), false);
        assertThat(kafka.read(topic, new StringDeserializer(), deserializer, values.size(), TIMEOUT))
                .extracting(ConsumerRecord::value).containsExactlyElementsOf(Samples.all());
    }

    private JsonNode runJobs(TestRegistry registry, ArrayNode jobs) throws IOException, InterruptedException {
        Path jobsFile = Files.writeString(temp.resolve("jobs-" + System.nanoTime() + ".json"), jobs.toString());
        return JSON.readTree(node(registry.url(), jobsFile.toString()));
    }

    private static String name(SpecificRecord record) {
        return record.getSchema().getName().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A datum as Confluent's JavaScript serdes (avsc) represent it in JSON: unions unwrapped, timestamps as epoch
     * milliseconds, bytes as base64 (marked {@code {"$bytes": ...}} for the serializer's input).
     */
    private static JsonNode json(Object datum, Schema schema, boolean markBytes) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        return switch (schema.getType()) {
            case RECORD -> {
                ObjectNode object = nodes.objectNode();
                GenericRecord record = datum instanceof GenericRecord g ? g : null;
                for (Schema.Field field : schema.getFields()) {
                    Object value = record != null ? record.get(field.pos()) : ((SpecificRecord) datum).get(field.pos());
                    object.set(field.name(), json(value, field.schema(), markBytes));
                }
                yield object;
            }
            case UNION -> datum == null ? nodes.nullNode()
                    : json(datum, schema.getTypes().get(nonNullBranch(schema)), markBytes);
            case ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                ((List<?>) datum).forEach(item -> array.add(json(item, schema.getElementType(), markBytes)));
                yield array;
            }
            case MAP -> {
                ObjectNode object = nodes.objectNode();
                ((Map<?, ?>) datum).forEach((k, v) -> object.set(k.toString(), json(v, schema.getValueType(), markBytes)));
                yield object;
            }
            case BYTES -> {
                ByteBuffer buffer = ((ByteBuffer) datum).duplicate();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                String base64 = Base64.getEncoder().encodeToString(bytes);
                yield markBytes ? nodes.objectNode().put("$bytes", base64) : nodes.textNode(base64);
            }
            case LONG -> nodes.numberNode(datum instanceof Instant instant ? instant.toEpochMilli() : ((Long) datum).longValue());
            case INT -> nodes.numberNode((Integer) datum);
            case DOUBLE -> nodes.numberNode((Double) datum);
            case BOOLEAN -> nodes.booleanNode((Boolean) datum);
            case STRING, ENUM -> nodes.textNode(datum.toString());
            case NULL -> nodes.nullNode();
            default -> throw new IllegalArgumentException("No JSON form for " + schema);
        };
    }

    /** The non-null branch of a nullable union (the only unions in our schemas). */
    private static int nonNullBranch(Schema union) {
        for (int i = 0; i < union.getTypes().size(); i++) {
            if (union.getTypes().get(i).getType() != Schema.Type.NULL) {
                return i;
            }
        }
        throw new IllegalArgumentException("No non-null branch in " + union);
    }

    private String node(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", nodeProject.resolve("interop.js").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(nodeProject.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node interop.js did not finish within 60 s");
        }
        assertThat(process.exitValue()).as("node interop.js %s failed:%n%s", String.join(" ", args), stderr).isZero();
        return new String(stdout, StandardCharsets.UTF_8);
    }

    private static boolean nodeAnswers() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
