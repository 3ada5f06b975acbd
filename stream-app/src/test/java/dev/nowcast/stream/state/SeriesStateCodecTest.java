package dev.nowcast.stream.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.nowcast.model.forecast.SeriesState;

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
            state.statistics()[i] = random.nextGaussian() * 1e3;
        }
        float[] h = state.hidden(0);
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) random.nextGaussian();
        }
        state.setForecast(true, 1.25f, 2.5f);
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
        assertThat(restored.statistics()).isEqualTo(original.statistics());
        assertThat(restored.hidden(0)).isEqualTo(original.hidden(0));
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
        byte[] bytes = new SeriesStateCodec().encode(lstmState(0, 200));
        // The formula in the class comment and docs/benchmarks.md: 84 fixed + 4 x 2H hidden
        // + (4 + gap varint) per ring point, where an hourly gap takes 4 bytes and the newest point's gap 1.
        assertThat(bytes.length).isEqualTo(84 + 4 * 64 + 47 * (4 + 4) + (4 + 1));
        assertThat(bytes.length).isLessThanOrEqualTo(1024);
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
}
