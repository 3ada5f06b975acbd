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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.nowcast.schemas.Samples;
import dev.nowcast.schemas.registry.HttpSchemaRegistryClient;
import dev.nowcast.schemas.serde.SpecificAvroSerde;
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

    static Path nodeProject;

    @TempDir
    Path temp;

    @BeforeAll
    static void findConfluentsJavaScriptSerdes() {
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
        for (SpecificRecord record : Samples.all()) {
            String topic = kafka.createTopic("to-confluent-" + record.getSchema().getName().toLowerCase(java.util.Locale.ROOT), 1);
            @SuppressWarnings({"unchecked", "rawtypes"})
            SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde(record.getClass());
            serde.configure(Map.of("schema.registry.url", registry.url()), false);
            SerdeSuite.produce(kafka, topic, serde.serializer(), List.of(record));
            serde.close();
            byte[] value = kafka.read(topic, new StringDeserializer(), new ByteArrayDeserializer(), 1, TIMEOUT)
                    .get(0).value();

            Path bytes = Files.write(temp.resolve(topic + ".bin"), value);
            JsonNode decoded = JSON.readTree(node("deserialize", registry.url(), topic, bytes.toString()));

            assertThat(decoded.equals(SAME_VALUE, json(record, record.getSchema(), false)))
                    .as("Confluent's reading of a %s:%n%s%nexpected:%n%s", record.getSchema().getName(), decoded,
                            json(record, record.getSchema(), false))
                    .isTrue();
        }
    }

    @Test
    void weReadWhatConfluentsSerializerWrites(TestKafka kafka, TestRegistry registry) throws Exception {
        for (SpecificRecord record : Samples.all()) {
            String topic = kafka.createTopic("from-confluent-" + record.getSchema().getName().toLowerCase(java.util.Locale.ROOT), 1);
            try (HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(Map.of("schema.registry.url", registry.url()))) {
                client.register(topic + "-value", record.getSchema());
            }
            Path input = Files.writeString(temp.resolve(topic + ".json"), json(record, record.getSchema(), true).toString());
            Path output = temp.resolve(topic + ".bin");
            node("serialize", registry.url(), topic, input.toString(), output.toString());
            SerdeSuite.produce(kafka, topic, new ByteArraySerializer(), List.of(Files.readAllBytes(output)));

            @SuppressWarnings({"unchecked", "rawtypes"})
            SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde(record.getClass());
            serde.configure(Map.of("schema.registry.url", registry.url()), false);
            List<ConsumerRecord<String, SpecificRecord>> read =
                    kafka.read(topic, new StringDeserializer(), serde.deserializer(), 1, TIMEOUT);
            assertThat(read).extracting(ConsumerRecord::value).containsExactly(record);
        }
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

    private static String node(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", nodeProject.resolve("interop.js").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(nodeProject.toFile())
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("node " + args[0] + " did not finish within 60 s");
        }
        assertThat(process.exitValue()).as("node %s failed:%n%s", String.join(" ", args), stderr).isZero();
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
