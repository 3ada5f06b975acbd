package dev.nowcast.bench.model;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.feature.FeaturePipeline;
import dev.nowcast.model.feature.PipelineParameters;
import dev.nowcast.model.feature.ValueAutoregression;
import dev.nowcast.model.forecast.Forecaster;
import dev.nowcast.model.forecast.SeriesState;
import dev.nowcast.model.forecast.StepResult;
import dev.nowcast.model.head.GaussianHead;
import dev.nowcast.model.network.RecurrentNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The whole per-event call {@code Forecaster.observe} (order and gap checks, scoring, features with daily and
 * weekly phases and lags, one LSTM step of hidden 32, and an H-step rollout) for one hourly series; with
 * {@code valueAr=on}, with an AR(8) of the values mixed into the forecasts; with {@code medianShift=on}, with each
 * series' median shift.
 *
 * <p>{@code cache=cold} evicts the first two cache levels before every call (by writing a buffer twice their size),
 * as a stream thread does between two events of a million series, where RocksDB, the Kafka clients and the
 * allocations of the events in between walk megabytes: the model's weights, scratch and code then come from the
 * last level. Only the call is timed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g", "@jvm.options"})
public class ObserveBenchmark {
    private static final long HOUR = 3_600_000L;

    @Param({"1", "24"})
    public int horizon;

    @Param({"hot", "cold"})
    public String cache;

    /** Whether a value autoregression of order 8 (deviations from the level) is mixed into the forecasts. */
    @Param({"off", "on"})
    public String valueAr;

    /** Whether the series' forecasts carry its median shift (step 0.01). */
    @Param({"off", "on"})
    public String medianShift;

    /** Twice the L2 of the machines in docs/benchmarks.md (2 MiB per core). */
    private static final int EVICTION_BYTES = 4 << 20;
    private final byte[] eviction = new byte[EVICTION_BYTES];

    private Forecaster forecaster;
    private SeriesState state;
    private StepResult out;
    private long t;

    @Setup
    public void setUp() {
        FeaturePipeline pipeline = FeaturePipeline.of(PipelineParameters.initial(0.01, 0.02, 0.1, 8.0, 0.01, true),
                HOUR, new long[]{24 * HOUR, 168 * HOUR}, new double[0], new double[0]);
        if (valueAr.equals("on")) {
            pipeline = pipeline.withValueAutoregression(new ValueAutoregression(0,
                    new double[] {0.6, 0.1, -0.05, 0.05, -0.02, 0.02, -0.01, 0.01}, 0.5));
        }
        if (medianShift.equals("on")) {
            pipeline = pipeline.withMedianShiftRate(0.01);
        }
        RecurrentNetwork net = new RecurrentNetwork(CellType.LSTM, pipeline.featureCount(), 32, 1, false,
                new GaussianHead(0.01));
        forecaster = new Forecaster(1, net, net.initialParameters(1), pipeline, horizon, 48, 24 * HOUR);
        state = forecaster.newState();
        out = new StepResult();
        for (int i = 0; i < 500; i++) {
            observe();
        }
    }

    @Setup(Level.Invocation)
    public void evict() {
        if (cache.equals("cold")) {
            for (int i = 0; i < eviction.length; i += 64) {
                eviction[i]++;
            }
        }
    }

    @Benchmark
    public double observe() {
        t += HOUR;
        forecaster.observe(state, t, 20 + 10 * Math.sin(t / (double) (4 * HOUR)), null, out);
        return out.mean(horizon);
    }
}
