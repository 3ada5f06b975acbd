package dev.nowcast.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A {@link Decoder} over a byte array that refuses lengths and counts the remaining bytes cannot hold, before
 * anything is allocated for them.
 *
 * <p>Avro's own decoder allocates a string's, a byte array's or a collection's storage from the length or count
 * in the data and only then finds the data too short: a corrupt length of a few billion in a 50-byte record makes
 * it try to allocate gigabytes, and a poison record brings the JVM down with an OutOfMemoryError instead of being
 * dead-lettered. Every string and bytes value takes its length in bytes, every map entry at least one byte (its
 * key's length), and every array item at least one byte unless the item type can encode to nothing (null, an
 * empty record, a zero-size fixed); for such schemas the array counts are not bounded.
 */
final class BoundedDecoder extends Decoder {

    private BinaryDecoder in;
    private boolean boundArrays;

    /** Makes this decoder read from {@code in}, checking array counts when {@code boundArrays}. */
    BoundedDecoder wrap(BinaryDecoder in, boolean boundArrays) {
        this.in = in;
        this.boundArrays = boundArrays;
        return this;
    }

    private long remaining() throws IOException {
        // A byte-array-backed BinaryDecoder's input stream reports exactly what is left of the array.
        return in.inputStream().available();
    }

    private int checkedLength(long length, String what) throws IOException {
        if (length < 0 || length > remaining()) {
            throw new MalformedDataException(what + " of length " + length + " but only " + remaining()
                    + " bytes remain");
        }
        return (int) length;
    }

    private long checkedCount(long count, String what) throws IOException {
        if (count > remaining()) {
            throw new MalformedDataException(what + " of " + count + " items but only " + remaining()
                    + " bytes remain");
        }
        return count;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength(in.readLong(), "a string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        in.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(checkedLength(in.readLong(), "a string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength(in.readLong(), "a bytes value");
        ByteBuffer result = old != null && length <= old.capacity() ? old.clear() : ByteBuffer.allocate(length);
        in.readFixed(result.array(), result.arrayOffset() + result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(checkedLength(in.readLong(), "a bytes value"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        long count = in.readArrayStart();
        return boundArrays ? checkedCount(count, "an array") : count;
    }

    @Override
    public long arrayNext() throws IOException {
        long count = in.arrayNext();
        return boundArrays ? checkedCount(count, "an array block") : count;
    }

    @Override
    public long skipArray() throws IOException {
        long count = in.skipArray();
        return boundArrays ? checkedCount(count, "an array") : count;
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(in.readMapStart(), "a map");
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(in.mapNext(), "a map block");
    }

    @Override
    public long skipMap() throws IOException {
        return checkedCount(in.skipMap(), "a map");
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    /** Data that cannot be what the schema says it is. */
    static final class MalformedDataException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedDataException(String message) {
            super(message);
        }
    }
}
