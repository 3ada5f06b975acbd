package dev.nowcast.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.sun.net.httpserver.HttpServer;

import dev.nowcast.avro.DeadLetter;
import dev.nowcast.avro.DeadLetterReason;
import dev.nowcast.avro.Observation;
import dev.nowcast.schemas.Samples;
import dev.nowcast.schemas.registry.RegistryUnavailableException;
import dev.nowcast.schemas.registry.SchemaRegistryException;

/**
 * Every kind of bad bytes gives a {@link PoisonRecordException} with its reason (never a null, never a hang);
 * an unreachable registry gives a transient {@link RegistryUnavailableException} instead, a misconfigured one a
 * plain {@link SerializationException}.
 */
class PoisonRecordTest {

    @RegisterExtension
    final MockRegistry mock = new MockRegistry();

    @Test
    void emptyValue() {
        assertPoison(new byte[0], DeadLetterReason.MALFORMED, "empty");
    }

    @Test
    void wrongMagicByte() {
        byte[] bytes = observationBytes();
        bytes[0] = 1;
        assertPoison(bytes, DeadLetterReason.WRONG_MAGIC_BYTE, "0x01");
        assertPoison("{\"seriesId\":\"a\"}".getBytes(), DeadLetterReason.WRONG_MAGIC_BYTE, "0x7b");
    }

    @Test
    void truncatedHeader() {
        assertPoison(new byte[] {0, 0, 0}, DeadLetterReason.MALFORMED, "only 3 bytes");
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = observationBytes();
        bytes[4] = 99;
        assertPoison(bytes, DeadLetterReason.UNKNOWN_SCHEMA_ID, "schema id 99");
    }

    @Test
    void truncatedBody() {
        byte[] bytes = observationBytes();
        for (int length = 5; length < bytes.length; length++) {
            assertPoison(Arrays.copyOf(bytes, length), DeadLetterReason.MALFORMED, "cannot decode");
        }
    }

    @Test
    void trailingBytes() {
        byte[] bytes = observationBytes();
        assertPoison(Arrays.copyOf(bytes, bytes.length + 3), DeadLetterReason.MALFORMED, "3 bytes are left over");
    }

    @Test
    void corruptBody() {
        byte[] header = Arrays.copyOf(observationBytes(), 5);
        // Negative string length, bad union index, garbage.
        assertPoison(concat(header, new byte[] {3, 'a', 'b'}), DeadLetterReason.MALFORMED, "length -2");
        byte[] deadLetter = serialize(Samples.deadLetter());
        deadLetter[5 + 1 + "nowcast.observations.sensors".length() + 1 + 2] = 40; // the recordTimestamp union index
        assertPoison(DeadLetter.class, deadLetter, DeadLetterReason.MALFORMED, "cannot decode");
    }

    @Test
    void corruptLengthsAreRefusedBeforeAnythingIsAllocated() {
        byte[] header = Arrays.copyOf(observationBytes(), 5);
        // A 1 GB string in a 10-byte record: Avro alone would allocate the gigabyte before noticing.
        byte[] hugeString = concat(header, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08});
        assertPoison(hugeString, DeadLetterReason.MALFORMED, "a string of length 1073741824 but only 0 bytes remain");
        // A valid seriesId and timestamp, then covariates claiming 100 million doubles.
        byte[] valid = observationBytes();
        byte[] hugeArray = concat(Arrays.copyOf(valid, valid.length - 1 - 8 * 2 - 1),
                new byte[] {(byte) 0x80, (byte) 0x84, (byte) 0xaf, (byte) 0x5f});
        assertPoison(hugeArray, DeadLetterReason.MALFORMED, "an array of 100000000 items");
    }

    @Test
    void aRecordOfAnotherType() {
        byte[] prediction = serialize(Samples.prediction());
        PoisonRecordException poison = assertPoison(prediction, DeadLetterReason.WRONG_SCHEMA, "dev.nowcast.avro.Prediction");
        assertThat(poison.detail()).contains("cannot be read as dev.nowcast.avro.Observation");
        // The verdict is cached per schema id, and stays a poison verdict.
        assertPoison(prediction, DeadLetterReason.WRONG_SCHEMA, "dev.nowcast.avro.Prediction");
    }

    @Test
    void aRecordTheSpecificReaderHasNoClassFor() {
        Schema unknown = new Schema.Parser().parse("""
                {"type": "record", "name": "Stranger", "namespace": "elsewhere", "fields": [{"name": "x", "type": "int"}]}""");
        var record = new org.apache.avro.generic.GenericData.Record(unknown);
        record.put("x", 1);
        byte[] bytes = serialize(record);
        try (KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            deserializer.configure(mock.config("specific.avro.reader", true), false);
            PoisonRecordException poison = catchThrowableOfType(PoisonRecordException.class,
                    () -> deserializer.deserialize("topic", bytes));
            assertThat(poison.reason()).isEqualTo(DeadLetterReason.WRONG_SCHEMA);
            assertThat(poison.detail()).contains("elsewhere.Stranger names no generated SpecificRecord class");
        }
    }

    @Test
    void anUnreachableRegistryIsTransientNotPoison() throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        try (KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            deserializer.configure(Map.of("schema.registry.url", "http://127.0.0.1:" + deadPort,
                    "max.retries", 1, "retries.wait.ms", 10), false);
            RegistryUnavailableException e = catchThrowableOfType(RegistryUnavailableException.class,
                    () -> deserializer.deserialize("observations", observationBytes()));
            assertThat(e).isNotInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic 'observations'").hasMessageContaining("schema id 1");
            assertThat(e.attempts()).isEqualTo(2);
        }
    }

    @Test
    void aRegistryRefusingTheClientIsAMisconfigurationNotPoison() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"error_code\":40101,\"message\":\"Unauthorized\"}".getBytes();
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer()) {
            deserializer.configure(Map.of("schema.registry.url", "http://127.0.0.1:" + server.getAddress().getPort()), false);
            assertThatThrownBy(() -> deserializer.deserialize("observations", observationBytes()))
                    .isExactlyInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic 'observations'").hasMessageContaining("401")
                    .cause().isInstanceOf(SchemaRegistryException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void everyDeserializerReasonIsADeadLetterReason() {
        PoisonRecordException poison = new PoisonRecordException(DeadLetterReason.NON_FINITE, "value is NaN");
        assertThat(poison.reason()).isEqualTo(DeadLetterReason.NON_FINITE);
        assertThat(poison).hasMessage("NON_FINITE: value is NaN");
    }

    private PoisonRecordException assertPoison(byte[] bytes, DeadLetterReason reason, String detail) {
        return assertPoison(Observation.class, bytes, reason, detail);
    }

    private <T extends SpecificRecord> PoisonRecordException assertPoison(Class<T> type, byte[] bytes,
                                                                           DeadLetterReason reason, String detail) {
        try (SpecificAvroDeserializer<T> deserializer = new SpecificAvroDeserializer<>(type)) {
            deserializer.configure(mock.config(), false);
            PoisonRecordException poison = catchThrowableOfType(PoisonRecordException.class,
                    () -> deserializer.deserialize("observations", bytes));
            assertThat(poison).as("deserializing %s", Arrays.toString(bytes)).isNotNull();
            assertThat(poison.reason()).isEqualTo(reason);
            assertThat(poison.detail()).contains("topic 'observations'").contains(detail);
            return poison;
        }
    }

    private byte[] observationBytes() {
        return serialize(Samples.observation());
    }

    private byte[] serialize(Object record) {
        try (KafkaAvroSerializer serializer = new KafkaAvroSerializer()) {
            serializer.configure(mock.config("value.subject.name.strategy", RecordNameStrategy.class), false);
            return serializer.serialize("observations", record);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
