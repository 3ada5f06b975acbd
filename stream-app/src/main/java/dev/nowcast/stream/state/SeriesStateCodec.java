package dev.nowcast.stream.state;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.nowcast.model.forecast.SeriesState;

/**
 * The binary form of a {@link SeriesState} in the state store and its changelog: compact, versioned by its
 * first byte, and lossless (every field round-trips bit for bit, so a restored series continues exactly as if
 * nothing had happened).
 *
 * <pre>
 * u8      format (1)
 * shape   u8 layers, varint stateSize, varint ringCapacity, varint covariates, varint ringSize
 * i64     modelVersion     varint observations, stepsSeen
 * i64     lastTimestamp    f64 lastValue
 * u8 n    f64[n] running statistics
 * f32     [layers * stateSize] hidden state (LSTM: h then c per layer)
 * u8      hasForecast, then f32 change (forecast mean minus lastValue), f32 stddev if set
 * ring    oldest first: varint gap to the next point's timestamp (the last one's "next" is lastTimestamp),
 *         f32 value, f32[covariates]
 * </pre>
 * Size: {@code 84 + 4 x hiddenFloats + ringPoints x (4 + 4 x covariates + gapBytes)} with at most 10 bytes of
 * counters more, where a gap takes 1 byte up to 127 ms, 2 up to 16 s, 3 up to 34 min, 4 up to 3 days. An LSTM
 * with hidden size 32 (64 floats: h and c) and a full 48-point ring of hourly points takes 721 bytes.
 *
 * <p>Not thread-safe: one codec per stream thread. It reuses its buffer, so encoding allocates only the returned
 * array and decoding allocates nothing unless the state's shape changes.
 */
public final class SeriesStateCodec {

    /** The format this codec writes; a later format bumps it and keeps reading this one. */
    public static final byte FORMAT = 1;

    private ByteBuffer buffer = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
    private float[] covariates = new float[0];

    /** The encoded state, in a new array (the state store keeps it). */
    public byte[] encode(SeriesState state) {
        int layers = state.layers();
        int stateSize = layers == 0 ? 0 : state.hidden(0).length;
        int ring = state.ringSize();
        int cov = state.covariates();
        int bound = 64 + 8 * state.statistics().length + 4 * layers * stateSize + ring * (10 + 4 + 4 * cov);
        if (buffer.capacity() < bound) {
            buffer = ByteBuffer.allocate(Math.max(bound, 2 * buffer.capacity())).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = buffer.clear();
        b.put(FORMAT);
        b.put((byte) layers);
        putVarLong(b, stateSize);
        putVarLong(b, state.ringCapacity());
        putVarLong(b, cov);
        putVarLong(b, ring);
        b.putLong(state.modelVersion());
        putVarLong(b, state.observations());
        putVarLong(b, state.stepsSeen());
        b.putLong(state.lastTimestamp());
        b.putDouble(state.lastValue());
        double[] stats = state.statistics();
        b.put((byte) stats.length);
        for (double s : stats) {
            b.putDouble(s);
        }
        for (int l = 0; l < layers; l++) {
            for (float h : state.hidden(l)) {
                b.putFloat(h);
            }
        }
        b.put((byte) (state.hasForecast() ? 1 : 0));
        if (state.hasForecast()) {
            b.putFloat(state.forecastChange());
            b.putFloat(state.forecastStddev());
        }
        for (int i = 0; i < ring; i++) {
            long next = i + 1 < ring ? state.ringTimestamp(i + 1) : state.lastTimestamp();
            putVarLong(b, next - state.ringTimestamp(i));
            b.putFloat(state.ringValue(i));
            for (int c = 0; c < cov; c++) {
                b.putFloat(state.ringCovariate(i, c));
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /**
     * Overwrites every field of {@code state} with the encoded one (resizing its arrays if the shape differs).
     *
     * @throws CorruptStateException if the bytes are not a state this codec can read
     */
    public void decode(byte[] bytes, SeriesState state) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte format = b.get();
            if (format != FORMAT) {
                throw new CorruptStateException("unknown state format " + format + " (this version reads " + FORMAT + ")");
            }
            int layers = b.get() & 0xFF;
            int stateSize = toInt(getVarLong(b));
            int capacity = toInt(getVarLong(b));
            int cov = toInt(getVarLong(b));
            int ring = toInt(getVarLong(b));
            if (ring > capacity) {
                throw new CorruptStateException(ring + " ring points in a ring of " + capacity);
            }
            state.ensureShape(layers, stateSize, cov, capacity);
            state.setModelVersion(b.getLong());
            state.setObservations(getVarLong(b));
            state.setStepsSeen(getVarLong(b));
            long lastTimestamp = b.getLong();
            state.setLast(lastTimestamp, b.getDouble());
            double[] stats = state.statistics();
            int n = b.get() & 0xFF;
            if (n != stats.length) {
                throw new CorruptStateException(n + " statistics, this version keeps " + stats.length);
            }
            for (int i = 0; i < n; i++) {
                stats[i] = b.getDouble();
            }
            for (int l = 0; l < layers; l++) {
                float[] h = state.hidden(l);
                for (int i = 0; i < stateSize; i++) {
                    h[i] = b.getFloat();
                }
            }
            boolean hasForecast = b.get() != 0;
            state.setForecast(hasForecast, hasForecast ? b.getFloat() : 0f, hasForecast ? b.getFloat() : 0f);
            state.clearRing();
            if (covariates.length < cov) {
                covariates = new float[cov];
            }
            // Gaps run oldest to newest and the newest point's gap ends at lastTimestamp: sum them to find the start.
            int ringStart = b.position();
            long span = 0;
            for (int i = 0; i < ring; i++) {
                span += getVarLong(b);
                b.position(b.position() + 4 + 4 * cov);
            }
            b.position(ringStart);
            long timestamp = lastTimestamp - span;
            for (int i = 0; i < ring; i++) {
                long gap = getVarLong(b);
                float value = b.getFloat();
                for (int c = 0; c < cov; c++) {
                    covariates[c] = b.getFloat();
                }
                state.appendRing(timestamp, value, covariates, 0);
                timestamp += gap;
            }
            if (b.hasRemaining()) {
                throw new CorruptStateException(b.remaining() + " unexpected trailing bytes");
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptStateException("truncated or malformed state (" + bytes.length + " bytes): " + e);
        }
    }

    private static int toInt(long v) {
        if (v < 0 || v > 1 << 20) {
            throw new CorruptStateException("implausible size " + v);
        }
        return (int) v;
    }

    static void putVarLong(ByteBuffer b, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            b.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        b.put((byte) v);
    }

    static long getVarLong(ByteBuffer b) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte part = b.get();
            result |= (long) (part & 0x7F) << shift;
            if ((part & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptStateException("malformed varint");
    }
}
