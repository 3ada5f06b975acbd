package dev.nowcast.bench.stream;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.stream.state.SeriesStateCodec;

/**
 * What the stream app does to a series' state on every event besides the model: decode it after the store's get
 * and encode it for the put. The state is the end-to-end benchmark's: LSTM hidden 32 (h and c), a full 48-point
 * ring of hourly points, no covariates (721 bytes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g"})
public class SeriesStateCodecBenchmark {

    private static final long HOUR = 3_600_000L;

    private final SeriesStateCodec codec = new SeriesStateCodec();
    private final SeriesState scratch = new SeriesState(48);
    private SeriesState state;
    private byte[] bytes;

    @Setup
    public void setUp() {
        state = new SeriesState(48);
        state.ensureShape(1, 64, 0, 48);
        Random random = new Random(42);
        for (int i = 0; i < 60; i++) {
            state.accept(978_307_200_000L + i * HOUR, 100 + random.nextGaussian(), new double[0]);
        }
        float[] h = state.hidden(0);
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) random.nextGaussian();
        }
        state.setForecast(true, 1.25f, 2.5f);
        bytes = codec.encode(state);
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(state);
    }

    @Benchmark
    public SeriesState decode() {
        codec.decode(bytes, scratch);
        return scratch;
    }
}
