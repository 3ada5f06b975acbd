package dev.nowcast.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Confluent's wire format (magic byte 0, the schema id as 4 bytes big-endian, the Avro binary encoding) and the
 * per-thread encoder, decoder and buffer the serdes reuse, so that the hot path allocates nothing but its result.
 * Serdes are shared by threads (a producer's callers, Kafka Streams' stream threads), hence per thread, not per
 * serde.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private static final ThreadLocal<WireFormat> PER_THREAD = ThreadLocal.withInitial(WireFormat::new);

    private final ByteSink sink = new ByteSink();
    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private final BoundedDecoder boundedDecoder = new BoundedDecoder();

    private WireFormat() {
    }

    static WireFormat forThisThread() {
        return PER_THREAD.get();
    }

    /** The thread's sink, emptied, with the header for {@code schemaId} written. */
    ByteSink startRecord(int schemaId) {
        sink.reset();
        sink.write(MAGIC_BYTE);
        sink.writeInt(schemaId);
        return sink;
    }

    /** The thread's binary encoder, writing straight into {@code out} (no buffer of its own to flush and copy). */
    BinaryEncoder encoder(OutputStream out) {
        encoder = EncoderFactory.get().directBinaryEncoder(out, encoder);
        return encoder;
    }

    /** The thread's decoder over the Avro body of {@code data} (after the header). */
    BinaryDecoder decoder(byte[] data) {
        decoder = DecoderFactory.get().binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, decoder);
        return decoder;
    }

    /** The thread's bounded decoder, wrapped around {@code decoder}. */
    BoundedDecoder bounded(BinaryDecoder decoder, boolean boundArrays) {
        return boundedDecoder.wrap(decoder, boundArrays);
    }

    /** The schema id of a record in the wire format; the caller has checked the length. */
    static int schemaId(byte[] data) {
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    /** A growable, unsynchronised byte buffer (ByteArrayOutputStream synchronises every write). */
    static final class ByteSink extends OutputStream {
        private static final int INITIAL_SIZE = 256;
        /** A buffer grown beyond this by a huge record is not kept for the thread's next record. */
        private static final int MAX_RETAINED_SIZE = 1 << 20;

        private byte[] buffer = new byte[INITIAL_SIZE];
        private int size;

        void reset() {
            if (buffer.length > MAX_RETAINED_SIZE) {
                buffer = new byte[INITIAL_SIZE];
            }
            size = 0;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buffer[size++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
        }

        void writeInt(int value) {
            ensure(4);
            buffer[size++] = (byte) (value >>> 24);
            buffer[size++] = (byte) (value >>> 16);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buffer, size);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
