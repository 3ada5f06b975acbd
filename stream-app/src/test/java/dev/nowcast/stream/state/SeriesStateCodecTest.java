package dev.nowcast.stream.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.ErrorAutoregression;
import dev.nowcast.model.feature.ExponentialSmoothing;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.PipelineParameters;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.model.head.HeadType;
import dev.nowcast.model.network.RecurrentNetwork;

class SeriesStateCodecTest {

    private static final long HOUR = 3_600_000L;

    /** An LSTM-shaped state (1 layer, h and c of 32) with a full 48-point ring of hourly points. */
    private static SeriesState lstmState(int covariates, int points) {
        SeriesState state = new SeriesState(48);
        state.ensureShape(1, 64, covariates, 48);
        Random random = new Random(42);
        double[] cov = new double[covariates];
        for (int i = 0; i < points; i++) {
            for (int c = 0; c < covariates; c++) {
                cov[c] = random.nextGaussian();
            }
            state.accept(978_307_200_000L + i * HOUR, 100 + random.nextGaussian(), cov);
        }
        state.setModelVersion(7);
        state.setStepsSeen(points - 3);
        for (int i = 0; i < state.statistics().length; i++) {
            double x = random.nextGaussian() * 1e3;
            // The median shift and the autoregression's kept errors are float32 values, as the pipeline keeps them.
            boolean single = i == FeaturePipeline.MEDIAN_SHIFT
                    || i >= FeaturePipeline.AR_ERRORS && i < FeaturePipeline.AR_SCALE_SQUARE;
            state.statistics()[i] = single ? (float) x : x;
        }
        float[] h = state.hidden(0);
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) random.nextGaussian();
        }
        state.setForecast(true, 1.25f, 2.5f);
        return state;
    }

    /** The same state with a day and a week of hourly seasonal indices (the smoothed pipeline). */
    private static SeriesState seasonalState(int points) {
        SeriesState state = lstmState(0, points);
        state.ensureSeasonal(24 + 168);
        for (int i = 0; i < state.seasonal().length; i++) {
            state.seasonal()[i] = (float) Math.sin(i);
        }
        return state;
    }

    @Test
    void roundTripsEveryFieldBitForBit() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = lstmState(2, 60);
        byte[] bytes = codec.encode(original);

        SeriesState restored = new SeriesState(48);
        codec.decode(bytes, restored);

        assertThat(codec.encode(restored)).isEqualTo(bytes);
        assertThat(restored.modelVersion()).isEqualTo(7);
        assertThat(restored.observations()).isEqualTo(60);
        assertThat(restored.stepsSeen()).isEqualTo(57);
        assertThat(restored.lastTimestamp()).isEqualTo(original.lastTimestamp());
        assertThat(Double.doubleToRawLongBits(restored.lastValue())).isEqualTo(Double.doubleToRawLongBits(original.lastValue()));
        assertThat(original.resolution()).isPositive();
        assertThat(restored.resolution()).isEqualTo(original.resolution());
        assertThat(restored.statistics()).isEqualTo(original.statistics());
        assertThat(restored.hidden(0)).isEqualTo(original.hidden(0));
        assertThat(restored.seasonal()).isEmpty();
        assertThat(restored.forecastChange()).isEqualTo(1.25f);
        assertThat(restored.forecastMean()).isEqualTo(original.forecastMean());
        assertThat(restored.forecastStddev()).isEqualTo(2.5f);
        assertThat(restored.ringSize()).isEqualTo(48);
        for (int i = 0; i < 48; i++) {
            assertThat(restored.ringTimestamp(i)).isEqualTo(original.ringTimestamp(i));
            assertThat(restored.ringValue(i)).isEqualTo(original.ringValue(i));
            assertThat(restored.ringCovariate(i, 1)).isEqualTo(original.ringCovariate(i, 1));
        }
    }

    @Test
    void roundTripsTheSeasonalIndices() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = seasonalState(60);
        byte[] bytes = codec.encode(original);
        SeriesState restored = new SeriesState(48);
        codec.decode(bytes, restored);
        assertThat(restored.seasonal()).isEqualTo(original.seasonal());
        assertThat(codec.encode(restored)).isEqualTo(bytes);
        codec.decode(codec.encode(lstmState(0, 5)), restored);
        assertThat(restored.seasonal()).as("a state without smoothing has none").isEmpty();
    }

    @Test
    void roundTripsThePendingFarForecasts() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = seasonalState(60);
        original.ensureFarSlots(12);
        for (int i = 0; i < 20; i++) {
            original.farBounds()[i] = 100 + i * 0.25f;
        }
        byte[] bytes = codec.encode(original);
        SeriesState restored = new SeriesState(48);
        codec.decode(bytes, restored);
        assertThat(restored.farBounds()).hasSize(24).isEqualTo(original.farBounds());
        assertThat(Float.isNaN(restored.farBounds()[23])).as("an empty slot stays empty").isTrue();
        assertThat(codec.encode(restored)).isEqualTo(bytes);
    }

    /**
     * A state of a model with neither a median shift nor an error autoregression, whose statistics end before them:
     * the same bytes in formats 5 and 6 but the first.
     */
    private static SeriesState withoutShiftOrAutoregression(SeriesState state) {
        Arrays.fill(state.statistics(), FeaturePipeline.MEDIAN_SHIFT, FeaturePipeline.STATISTICS, 0);
        return state;
    }

    /** A state of a model with an error autoregression and no median shift: what format 5 could hold. */
    private static SeriesState withoutMedianShift(SeriesState state) {
        state.statistics()[FeaturePipeline.MEDIAN_SHIFT] = 0;
        return state;
    }

    /**
     * Format 5 (or, {@code doubles}, format 4): format 6 without the median shift, its later statistics one slot lower
     * (the count at byte 36 for these shapes, the statistics after it); in format 4 every statistic is an f64.
     */
    private static byte[] olderFormat(byte[] current, SeriesState state, boolean doubles) {
        assertThat(current[0]).isEqualTo(SeriesStateCodec.FORMAT);
        int n = current[36];
        assertThat(n).as("statistics after the shift").isGreaterThan(FeaturePipeline.MEDIAN_SHIFT + 1);
        int floats = 1 + Math.max(0, Math.min(n, FeaturePipeline.AR_SCALE_SQUARE) - FeaturePipeline.AR_ERRORS);
        int after = 37 + 8 * n - 4 * floats;
        java.nio.ByteBuffer older = java.nio.ByteBuffer.allocate(current.length + 8 * n)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        older.put(current, 0, 37);
        for (int i = 0; i < n; i++) {
            double x = state.statistics()[i];
            if (i == FeaturePipeline.MEDIAN_SHIFT) {
                continue;
            } else if (!doubles && i >= FeaturePipeline.AR_ERRORS && i < FeaturePipeline.AR_SCALE_SQUARE) {
                older.putFloat((float) x);
            } else {
                older.putDouble(x);
            }
        }
        older.put(current, after, current.length - after);
        byte[] bytes = Arrays.copyOf(older.array(), older.position());
        bytes[0] = doubles ? SeriesStateCodec.FORMAT_4 : SeriesStateCodec.FORMAT_5;
        bytes[36] = (byte) (n - 1);
        return bytes;
    }

    /** Formats 5 and 4 (its kept errors as doubles): no median shift, their later statistics one slot lower. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsTheFifthAndFourthFormatsWithoutTheMedianShift(boolean fourth) {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = withoutMedianShift(seasonalState(30));
        byte[] current = codec.encode(original);
        SeriesState restored = new SeriesState(48);
        restored.statistics()[FeaturePipeline.MEDIAN_SHIFT] = 5;
        codec.decode(olderFormat(current, original, fourth), restored);
        assertThat(restored.statistics()).isEqualTo(original.statistics());
        assertThat(codec.encode(restored)).isEqualTo(current);
    }

    @Test
    void roundTripsTheMedianShiftAsAFloat() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = withoutShiftOrAutoregression(seasonalState(30));
        original.statistics()[FeaturePipeline.MEDIAN_SHIFT] = 0.375f;
        byte[] bytes = codec.encode(original);
        assertThat(bytes.length).as("4 bytes more than without it")
                .isEqualTo(codec.encode(withoutShiftOrAutoregression(seasonalState(30))).length + 4);
        SeriesState restored = new SeriesState(48);
        codec.decode(bytes, restored);
        assertThat(restored.statistics()).isEqualTo(original.statistics());
    }


    /**
     * Format 3: format 4 without the pending far forecasts (the count after the seasonal indices, 0 for these
     * states, at its end), of a state without an error autoregression (which came after it).
     */
    private static byte[] thirdFormat(byte[] current, int seasonalIndices) {
        assertThat(current[0]).isEqualTo(SeriesStateCodec.FORMAT);
        assertThat(current[36]).as("statistics up to the median shift's").isEqualTo((byte) FeaturePipeline.MEDIAN_SHIFT);
        int farCount = 37 + 8 * FeaturePipeline.MEDIAN_SHIFT + (seasonalIndices < 128 ? 1 : 2) + 4 * seasonalIndices;
        assertThat(current[farCount]).as("no pending far forecast").isZero();
        byte[] third = new byte[current.length - 1];
        System.arraycopy(current, 0, third, 0, farCount);
        System.arraycopy(current, farCount + 1, third, farCount, current.length - farCount - 1);
        third[0] = SeriesStateCodec.FORMAT_3;
        return third;
    }

    @Test
    void readsTheThirdFormatWithoutPendingFarForecasts() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = withoutShiftOrAutoregression(seasonalState(30));
        byte[] current = codec.encode(original);
        SeriesState restored = new SeriesState(48);
        restored.ensureFarSlots(4);
        codec.decode(thirdFormat(current, 24 + 168), restored);
        assertThat(restored.farBounds()).as("none pending: they fill again within a horizon").isEmpty();
        assertThat(codec.encode(restored)).isEqualTo(current);
    }

    /** Statistics a format 2 state holds: those before the correction weight's. */
    private static final int FORMAT_2_STATISTICS = 10;

    /**
     * Format 2: format 3 without the resolution (the 4 bytes before the statistics count, at 36 for this shape)
     * and with the statistics of its day, the first ten.
     */
    private static byte[] secondFormat(byte[] fourth, int seasonalIndices) {
        byte[] current = thirdFormat(fourth, seasonalIndices);
        int dropped = 4 + 8 * (FeaturePipeline.MEDIAN_SHIFT - FORMAT_2_STATISTICS);
        byte[] second = new byte[current.length - dropped];
        System.arraycopy(current, 0, second, 0, 32);
        second[32] = FORMAT_2_STATISTICS;
        System.arraycopy(current, 37, second, 33, 8 * FORMAT_2_STATISTICS);
        int after = 37 + 8 * FeaturePipeline.MEDIAN_SHIFT;
        System.arraycopy(current, after, second, 33 + 8 * FORMAT_2_STATISTICS, current.length - after);
        second[0] = SeriesStateCodec.FORMAT_2;
        return second;
    }

    /** The statistics a format 2 state kept, then zeros for the later ones. */
    private static double[] format2Statistics(SeriesState original) {
        double[] expected = original.statistics().clone();
        Arrays.fill(expected, FORMAT_2_STATISTICS, expected.length, 0);
        return expected;
    }

    @Test
    void readsTheSecondFormatWithoutTheResolution() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = withoutShiftOrAutoregression(seasonalState(10));
        SeriesState restored = new SeriesState(48);
        restored.setResolution(9f);
        codec.decode(secondFormat(codec.encode(original), 24 + 168), restored);
        assertThat(restored.resolution()).as("learnt again from the next changes").isZero();
        assertThat(restored.statistics()).isEqualTo(format2Statistics(original));
        assertThat(restored.seasonal()).isEqualTo(original.seasonal());
        assertThat(restored.hidden(0)).isEqualTo(original.hidden(0));
        assertThat(restored.ringValue(9)).isEqualTo(original.ringValue(9));
    }

    @Test
    void readsTheFirstFormatWithItsFiveStatistics() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = withoutShiftOrAutoregression(lstmState(0, 10));
        byte[] current = secondFormat(codec.encode(original), 0);
        // Format 1: the same fields as format 2 up to the statistics count (at byte 32 for this shape), five
        // statistics, no seasonal indices.
        int count = 32;
        assertThat(current[count]).isEqualTo((byte) 10);
        byte[] first = new byte[current.length - 5 * 8 - 1];
        System.arraycopy(current, 0, first, 0, count + 1 + 5 * 8);
        System.arraycopy(current, count + 1 + 10 * 8 + 1, first, count + 1 + 5 * 8,
                current.length - (count + 1 + 10 * 8 + 1));
        first[0] = SeriesStateCodec.FORMAT_1;
        first[count] = 5;
        SeriesState restored = new SeriesState(48);
        restored.ensureSeasonal(3);
        codec.decode(first, restored);
        assertThat(Arrays.copyOf(restored.statistics(), 5)).isEqualTo(Arrays.copyOf(original.statistics(), 5));
        assertThat(Arrays.copyOfRange(restored.statistics(), 5, FeaturePipeline.STATISTICS)).containsOnly(0.0);
        assertThat(restored.seasonal()).isEmpty();
        assertThat(restored.hidden(0)).isEqualTo(original.hidden(0));
        assertThat(restored.ringValue(9)).isEqualTo(original.ringValue(9));
    }

    @Test
    void trailingZeroStatisticsAreLeftOutAndReadBackAsZeros() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = lstmState(0, 10);
        int full = codec.encode(original).length;
        // A model without the error autoregression leaves its statistics at 0.
        Arrays.fill(original.statistics(), FeaturePipeline.AR_ERRORS, FeaturePipeline.STATISTICS, 0);
        // (The median shift before them, an f32, is still written.)
        byte[] bytes = codec.encode(original);
        assertThat(bytes).hasSize(full - 4 * ErrorAutoregression.MAX_ORDER - 8 * 2);
        SeriesState restored = lstmState(0, 10);
        codec.decode(bytes, restored);
        assertThat(restored.statistics()).isEqualTo(original.statistics());
        // -0.0 is not 0 bit for bit: kept.
        original.statistics()[FeaturePipeline.STATISTICS - 1] = -0.0;
        assertThat(codec.encode(original)).hasSize(full);
        codec.decode(codec.encode(original), restored);
        assertThat(Double.doubleToRawLongBits(restored.statistics()[FeaturePipeline.STATISTICS - 1]))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
    }

    @Test
    void reusedStateTakesTheShapeOfWhatItDecodes() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState scratch = new SeriesState(48);
        codec.decode(codec.encode(lstmState(2, 60)), scratch);

        SeriesState fresh = new SeriesState(48);
        fresh.accept(1_000, 1.0, new double[0]);
        byte[] freshBytes = codec.encode(fresh);
        codec.decode(freshBytes, scratch);

        assertThat(scratch.layers()).isZero();
        assertThat(scratch.covariates()).isZero();
        assertThat(scratch.ringSize()).isEqualTo(1);
        assertThat(scratch.hasForecast()).isFalse();
        assertThat(scratch.modelVersion()).isEqualTo(SeriesState.NO_MODEL);
        assertThat(codec.encode(scratch)).isEqualTo(freshBytes);
    }

    @Test
    void anLstm32WithAFull48PointRingFitsTheStateBudget() {
        SeriesState state = lstmState(0, 200);
        byte[] withAutoregression = new SeriesStateCodec().encode(state);
        Arrays.fill(state.statistics(), FeaturePipeline.MEDIAN_SHIFT, FeaturePipeline.STATISTICS, 0);
        byte[] bytes = new SeriesStateCodec().encode(state);
        // The formula in the class comment and docs/benchmarks.md: 202 fixed (19 statistics) + 4 x 2H hidden
        // + (4 + gap varint) per ring point, where an hourly gap takes 4 bytes and the newest point's gap 1.
        assertThat(bytes.length).isEqualTo(202 + 4 * 64 + 47 * (4 + 4) + (4 + 1));
        assertThat(bytes.length).isLessThanOrEqualTo(1024);
        // A model with a median shift (f32) and an error autoregression keeps its 16 errors (f32) and their slow
        // scale's two statistics too (every state below does).
        assertThat(withAutoregression.length).isEqualTo(bytes.length + 4 + 4 * 16 + 8 * 2);
        assertThat(withAutoregression.length).isLessThanOrEqualTo(1024);
        // Issue 15's budget: at most 1 KB plus 4 bytes per seasonal step (192 steps here, the index count
        // taking one more byte of varint).
        byte[] seasonal = new SeriesStateCodec().encode(seasonalState(200));
        assertThat(seasonal.length).isEqualTo(withAutoregression.length + 1 + 4 * 192);
        assertThat(seasonal.length).isLessThanOrEqualTo(1024 + 4 * 192);
        // The trainer's defaults also keep the pending far forecasts of a 12-step horizon: 8 bytes each.
        SeriesState withFar = seasonalState(200);
        withFar.ensureFarSlots(12);
        byte[] served = new SeriesStateCodec().encode(withFar);
        assertThat(served.length).isEqualTo(seasonal.length + 8 * 12);
        assertThat(served.length).isLessThanOrEqualTo(1024 + 4 * 192);
    }

    @Test
    void rejectsTruncatedAndForeignBytes() {
        SeriesStateCodec codec = new SeriesStateCodec();
        byte[] bytes = codec.encode(lstmState(1, 10));
        SeriesState target = new SeriesState(48);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 3), target))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("truncated");
        byte[] foreign = bytes.clone();
        foreign[0] = 9;
        assertThatThrownBy(() -> codec.decode(foreign, target))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("unknown state format 9");
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> codec.decode(longer, target))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("trailing");
    }

    @Test
    void aSeriesWithAMedianShiftContinuesBitForBitThroughTheCodecAtEveryEvent() {
        FeaturePipeline pipeline = FeaturePipeline.of(PipelineParameters.initial(0.01, 0.02, 0.01, 8, 0.01, false)
                        .withSmoothing(new ExponentialSmoothing(0.3, 0, 1, new int[] {24}, new double[] {0.1}), 0.5)
                        .withMedianShiftRate(0.01),
                HOUR, new long[0], new double[0], new double[0]);
        RecurrentNetwork net = new RecurrentNetwork(CellType.GRU, pipeline.featureCount(), 8, 1, false,
                HeadType.GAUSSIAN.create(0.01));
        Forecaster f = new Forecaster(1, net, net.initialParameters(3), pipeline, 4, 8, 6 * HOUR);
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState memory = f.newState();
        byte[] stored = codec.encode(f.newState());
        StepResult a = new StepResult();
        StepResult b = new StepResult();
        Random random = new Random(5);
        for (int i = 0; i < 500; i++) {
            // Skewed noise: the shift moves on every point, at float32 precision.
            double value = 100 + 10 * Math.sin(i * Math.PI / 12) - Math.log(1 - random.nextDouble());
            f.observe(memory, 978_307_200_000L + i * HOUR, value, null, a);
            SeriesState restored = new SeriesState(48);
            codec.decode(stored, restored);
            f.observe(restored, 978_307_200_000L + i * HOUR, value, null, b);
            stored = codec.encode(restored);
            for (int h = 1; h <= 4; h++) {
                assertThat(b.mean(h)).as("point %d, horizon %d", i, h).isEqualTo(a.mean(h));
                assertThat(b.stddev(h)).as("point %d, horizon %d", i, h).isEqualTo(a.stddev(h));
            }
        }
        assertThat(memory.statistics()[FeaturePipeline.MEDIAN_SHIFT]).isNotZero();
        assertThat(stored).isEqualTo(codec.encode(memory));
    }

    @Test
    void rejectsAFifthFormatStateWithMoreStatisticsThanItsLayoutHeld() {
        SeriesStateCodec codec = new SeriesStateCodec();
        SeriesState original = withoutMedianShift(seasonalState(30));
        byte[] fifth = olderFormat(codec.encode(original), original, false);
        fifth[36] = (byte) FeaturePipeline.STATISTICS;
        assertThatThrownBy(() -> codec.decode(fifth, new SeriesState(48)))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("38 statistics in format 5 (39 in format 6's layout), this version keeps 38");
    }
}
