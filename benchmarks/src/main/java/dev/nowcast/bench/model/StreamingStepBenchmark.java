package dev.nowcast.bench.model;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.GaussianHead;
import dev.nowcast.model.cell.CellScratch;
import dev.nowcast.model.network.NetworkWeights;
import dev.nowcast.model.network.RecurrentNetwork;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One streaming step of a 1-layer network, hidden 32, 4 inputs, single thread: the recurrent cell update plus
 * the Gaussian head's linear output (what {@code Forecaster.observe} does per point besides the features).
 * The state keeps evolving across calls and the input cycles through 64 random vectors, so nothing folds.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xmx1g", "@jvm.options"})
public class StreamingStepBenchmark {
    @Param({"LSTM", "GRU", "ELMAN_TANH"})
    public CellType cell;

    @Param("32")
    public int hidden;

    @Param("4")
    public int inputs;

    private RecurrentNetwork net;
    private float[] params;
    private NetworkWeights weights;
    private CellScratch scratch;
    private float[][] state;
    private float[] x;
    private float[] out;
    private int k;

    @Setup
    public void setUp() {
        net = new RecurrentNetwork(cell, inputs, hidden, 1, false, new GaussianHead(0.01));
        params = net.initialParameters(1);
        weights = new NetworkWeights(net, params, false);
        scratch = net.newScratch();
        state = new float[1][net.stateSize()];
        out = new float[2];
        x = new float[64 * inputs];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
    }

    @Benchmark
    public float step() {
        k = (k + 1) & 63;
        net.step(weights, x, k * inputs, state, scratch);
        net.headOutput(params, state[0], 0, out, 0);
        return out[0];
    }
}
