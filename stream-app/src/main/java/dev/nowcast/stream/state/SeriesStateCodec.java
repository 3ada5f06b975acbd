package dev.nowcast.stream.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.forecast.SeriesState;

/**
 * The binary form of a {@link SeriesState} in the state store and its changelog: compact, versioned by its
 * first byte, and lossless (every field round-trips bit for bit, so a restored series continues exactly as if
 * nothing had happened).
 *
 * <pre>
 * u8      format (6; format 5, without the median shift ({@code FeaturePipeline.MEDIAN_SHIFT}: its later
 *         statistics one slot lower), format 4, also with the error autoregression's kept errors as f64, format 3,
 *         also without the pending far forecasts, format 2, also without the resolution, and format 1, also without
 *         the seasonal indices and with 5 statistics, are still read)
 * shape   u8 layers, varint stateSize, varint ringCapacity, varint covariates, varint ringSize
 * i64     modelVersion     varint observations, stepsSeen
 * i64     lastTimestamp    f64 lastValue    f32 resolution
 * u8 n    the running statistics up to the last one not 0 (fewer than today's are read as the first ones, the
 *         rest 0), each f64 but the median shift and the error autoregression's kept errors
 *         ({@code FeaturePipeline.AR_ERRORS}, 16 of them), f32: they are float32 values (the shift as the pipeline
 *         rounds it, the clipped, scaled errors as the network's targets are made of)
 * varint  m, then f32[m] the smoothing's seasonal indices
 * varint  k, then f32[2k] the pending far forecasts' p10 and p90 (NaN: none)
 * f32     [layers * stateSize] hidden state (LSTM: h then c per layer)
 * u8      hasForecast, then f32 change (forecast mean minus lastValue), f32 stddev if set
 * ring    oldest first: varint gap to the next point's timestamp (the last one's "next" is lastTimestamp),
 *         f32 value, f32[covariates]
 * </pre>
 * Size: {@code 202 + 4 x seasonalIndices + 8 x farSlots + 4 x hiddenFloats + ringPoints x (4 + 4 x covariates + gapBytes)}
 * with at most 10 bytes of counters more, where a gap takes 1 byte up to 127 ms, 2 up to 16 s, 3 up to 34 min, 4 up
 * to 3 days, 4 more for a model with a median shift, and 84 more for a model with an error autoregression (the
 * shift's slot before them, written even at 0, its 16 kept errors, 4 bytes each, and the two statistics of their slow
 * scale; 202 counts 19 statistics, the most a model with neither writes; fewer where the last ones are 0). An LSTM
 * with hidden size 32 (64 floats: h and c) and a full 48-point ring of hourly points takes 839 bytes (plus 4 per seasonal index, and 8 per pending far forecast: 96 for the default
 * 12-step horizon).
 *
 * <p>Not thread-safe: one codec per stream thread. It reuses its buffer, so encoding allocates only the returned
 * array and decoding allocates nothing unless the state's shape changes. It works on the byte array directly
 * (array-view var handles for the fixed-width fields) and reads the ring in one pass: through a ByteBuffer and
 * two passes it took a fifth of the stream thread's time, more than the model (docs/benchmarks.md, "End to end").
 */
public final class SeriesStateCodec {

    /** The format this codec writes; a later format bumps it and keeps reading this one. */
    public static final byte FORMAT = 6;
    /** The fifth format, without the median shift: its statistics from {@code MEDIAN_SHIFT} on are one slot lower. */
    static final byte FORMAT_5 = 5;
    /** The fourth format, with every statistic as f64 (at most 27: 8 kept errors of the autoregression). */
    static final byte FORMAT_4 = 4;
    /** The third format, without the pending far forecasts (read as none: they fill again within a horizon). */
    static final byte FORMAT_3 = 3;
    /** The second format, without the resolution (read as 0: learnt again from the next changes). */
    static final byte FORMAT_2 = 2;
    /** The first format, without seasonal indices; its statistics are the first ones of today's. */
    static final byte FORMAT_1 = 1;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buffer = new byte[1024];
    /** Read or write position in the array being decoded or {@link #buffer}. */
    private int at;
    private long[] ringGaps = new long[0];
    private float[] ringValues = new float[0];
    private float[] ringCovariates = new float[0];

    /** The encoded state, in a new array (the state store keeps it). */
    public byte[] encode(SeriesState state) {
        int layers = state.layers();
        int stateSize = layers == 0 ? 0 : state.hidden(0).length;
        int ring = state.ringSize();
        int cov = state.covariates();
        int bound = 79 + 8 * state.statistics().length + 4 * state.seasonal().length + 4 * state.farBounds().length
                + 4 * layers * stateSize
                + ring * (10 + 4 + 4 * cov);
        if (buffer.length < bound) {
            buffer = new byte[Math.max(bound, 2 * buffer.length)];
        }
        byte[] b = buffer;
        at = 0;
        b[at++] = FORMAT;
        b[at++] = (byte) layers;
        putVarLong(b, stateSize);
        putVarLong(b, state.ringCapacity());
        putVarLong(b, cov);
        putVarLong(b, ring);
        putLong(b, state.modelVersion());
        putVarLong(b, state.observations());
        putVarLong(b, state.stepsSeen());
        putLong(b, state.lastTimestamp());
        putDouble(b, state.lastValue());
        putFloat(b, state.resolution());
        double[] stats = state.statistics();
        // Trailing zeros are left out (they read back as zeros): a model without the later statistics' features
        // (error persistence, the error autoregression) stores no more than before they existed.
        int n = stats.length;
        while (n > 0 && Double.doubleToRawLongBits(stats[n - 1]) == 0) {
            n--;
        }
        b[at++] = (byte) n;
        for (int i = 0; i < n; i++) {
            if (floatStatistic(i)) {
                putFloat(b, (float) stats[i]);
            } else {
                putDouble(b, stats[i]);
            }
        }
        float[] seasonal = state.seasonal();
        putVarLong(b, seasonal.length);
        for (float s : seasonal) {
            putFloat(b, s);
        }
        float[] far = state.farBounds();
        putVarLong(b, far.length / 2);
        for (float f : far) {
            putFloat(b, f);
        }
        for (int l = 0; l < layers; l++) {
            for (float h : state.hidden(l)) {
                putFloat(b, h);
            }
        }
        b[at++] = (byte) (state.hasForecast() ? 1 : 0);
        if (state.hasForecast()) {
            putFloat(b, state.forecastChange());
            putFloat(b, state.forecastStddev());
        }
        long timestamp = ring == 0 ? 0 : state.ringTimestamp(0);
        for (int i = 0; i < ring; i++) {
            long next = i + 1 < ring ? state.ringTimestamp(i + 1) : state.lastTimestamp();
            putVarLong(b, next - timestamp);
            timestamp = next;
            putFloat(b, state.ringValue(i));
            for (int c = 0; c < cov; c++) {
                putFloat(b, state.ringCovariate(i, c));
            }
        }
        return Arrays.copyOf(b, at);
    }

    /**
     * Overwrites every field of {@code state} with the encoded one (resizing its arrays if the shape differs).
     *
     * @throws CorruptStateException if the bytes are not a state this codec can read
     */
    public void decode(byte[] bytes, SeriesState state) {
        at = 0;
        try {
            byte format = bytes[at++];
            if (format < FORMAT_1 || format > FORMAT) {
                throw new CorruptStateException("unknown state format " + format + " (this version reads "
                        + FORMAT_1 + " to " + FORMAT + ")");
            }
            int layers = bytes[at++] & 0xFF;
            int stateSize = toInt(getVarLong(bytes));
            int capacity = toInt(getVarLong(bytes));
            int cov = toInt(getVarLong(bytes));
            int ring = toInt(getVarLong(bytes));
            if (ring > capacity) {
                throw new CorruptStateException(ring + " ring points in a ring of " + capacity);
            }
            state.ensureShape(layers, stateSize, cov, capacity);
            state.setModelVersion(getLong(bytes));
            state.setObservations(getVarLong(bytes));
            state.setStepsSeen(getVarLong(bytes));
            long lastTimestamp = getLong(bytes);
            state.setLast(lastTimestamp, getDouble(bytes));
            state.setResolution(format >= FORMAT_3 ? getFloat(bytes) : 0f);
            decodeStatistics(bytes, format, state.statistics());
            int seasonalLength = format == FORMAT_1 ? 0 : toInt(getVarLong(bytes));
            state.ensureSeasonal(seasonalLength);
            float[] seasonal = state.seasonal();
            for (int i = 0; i < seasonalLength; i++) {
                seasonal[i] = getFloat(bytes);
            }
            int farSlots = format >= FORMAT_4 ? toInt(getVarLong(bytes)) : 0;
            state.ensureFarSlots(farSlots);
            float[] far = state.farBounds();
            for (int i = 0; i < 2 * farSlots; i++) {
                far[i] = getFloat(bytes);
            }
            for (int l = 0; l < layers; l++) {
                float[] h = state.hidden(l);
                for (int i = 0; i < stateSize; i++) {
                    h[i] = getFloat(bytes);
                }
            }
            boolean hasForecast = bytes[at++] != 0;
            float change = hasForecast ? getFloat(bytes) : 0f;
            state.setForecast(hasForecast, change, hasForecast ? getFloat(bytes) : 0f);
            decodeRing(bytes, state, ring, cov, lastTimestamp);
            if (at != bytes.length) {
                throw new CorruptStateException((bytes.length - at) + " unexpected trailing bytes");
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new CorruptStateException("truncated or malformed state (" + bytes.length + " bytes): " + e);
        }
    }

    /**
     * The statistics, the later ones 0; a state written before the median shift has none (0), and its statistics
     * after it are one slot lower.
     */
    private void decodeStatistics(byte[] bytes, byte format, double[] stats) {
        int n = bytes[at++] & 0xFF;
        boolean shifted = format < FORMAT;
        int slots = n + (shifted && n > FeaturePipeline.MEDIAN_SHIFT ? 1 : 0);
        if (slots > stats.length) {
            throw new CorruptStateException(n + " statistics in format " + format + " (" + slots + " in format "
                    + FORMAT + "'s layout), this version keeps " + stats.length);
        }
        Arrays.fill(stats, 0);
        for (int i = 0; i < n; i++) {
            int slot = shifted && i >= FeaturePipeline.MEDIAN_SHIFT ? i + 1 : i;
            stats[slot] = format >= FORMAT_5 && floatStatistic(slot) ? getFloat(bytes) : getDouble(bytes);
        }
    }

    /**
     * Gaps run oldest to newest and the newest point's gap ends at {@code lastTimestamp}: the points are read
     * first, then appended from the start their gaps add up to.
     */
    private void decodeRing(byte[] bytes, SeriesState state, int ring, int cov, long lastTimestamp) {
        if (ringGaps.length < ring) {
            ringGaps = new long[ring];
            ringValues = new float[ring];
        }
        if (ringCovariates.length < ring * cov) {
            ringCovariates = new float[ring * cov];
        }
        long span = 0;
        for (int i = 0; i < ring; i++) {
            long gap = getVarLong(bytes);
            ringGaps[i] = gap;
            span += gap;
            ringValues[i] = getFloat(bytes);
            for (int c = 0; c < cov; c++) {
                ringCovariates[i * cov + c] = getFloat(bytes);
            }
        }
        state.clearRing();
        long timestamp = lastTimestamp - span;
        for (int i = 0; i < ring; i++) {
            state.appendRing(timestamp, ringValues[i], ringCovariates, i * cov);
            timestamp += ringGaps[i];
        }
    }

    private static int toInt(long v) {
        if (v < 0 || v > 1 << 20) {
            throw new CorruptStateException("implausible size " + v);
        }
        return (int) v;
    }

    private void putVarLong(byte[] b, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            b[at++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
    }

    private long getVarLong(byte[] b) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte part = b[at++];
            result |= (long) (part & 0x7F) << shift;
            if ((part & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptStateException("malformed varint");
    }

    private void putLong(byte[] b, long v) {
        LONG.set(b, at, v);
        at += 8;
    }

    /** Whether statistic {@code i} is the median shift or one of the error autoregression's kept errors: float32. */
    private static boolean floatStatistic(int i) {
        return i == FeaturePipeline.MEDIAN_SHIFT
                || i >= FeaturePipeline.AR_ERRORS && i < FeaturePipeline.AR_SCALE_SQUARE;
    }

    private void putDouble(byte[] b, double v) {
        DOUBLE.set(b, at, v);
        at += 8;
    }

    private void putFloat(byte[] b, float v) {
        FLOAT.set(b, at, v);
        at += 4;
    }

    private long getLong(byte[] b) {
        long v = (long) LONG.get(b, at);
        at += 8;
        return v;
    }

    private double getDouble(byte[] b) {
        double v = (double) DOUBLE.get(b, at);
        at += 8;
        return v;
    }

    private float getFloat(byte[] b) {
        float v = (float) FLOAT.get(b, at);
        at += 4;
        return v;
    }
}
