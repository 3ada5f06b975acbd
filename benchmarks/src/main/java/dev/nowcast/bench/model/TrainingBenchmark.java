package dev.nowcast.bench.model;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.GaussianHead;
import dev.nowcast.model.network.NetworkWeights;
import dev.nowcast.model.network.RecurrentNetwork;
import dev.nowcast.model.network.SequenceBatch;
import dev.nowcast.model.train.Adam;
import dev.nowcast.model.train.GradientClipping;
import dev.nowcast.model.train.ParallelGradient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One full training step as {@code ForecastTrainer} runs it: forward and backward of a minibatch of 64 windows
 * of 48 steps (hidden 32, 4 inputs, Gaussian head, a loss at every step), in two chunks of 32 on {@code threads}
 * threads, then reduction, clipping by global norm, Adam and the refresh of the row-form weights. Reported per window
 * (operations = windows), so the score is windows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(64)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xmx1g", "@jvm.options"})
public class TrainingBenchmark {
    @Param({"LSTM", "GRU"})
    public CellType cell;

    @Param({"1", "2"})
    public int threads;

    @Param("0")
    public int burnIn;

    private RecurrentNetwork net;
    private ParallelGradient gradient;
    private float[] params;
    private NetworkWeights weights;
    private float[] grad;
    private Adam adam;

    @Setup
    public void setUp() {
        net = new RecurrentNetwork(cell, 4, 32, 1, false, new GaussianHead(0.01));
        gradient = new ParallelGradient(net, 64, 32, burnIn + 48, burnIn, threads);
        SplittableRandom r = new SplittableRandom(3);
        for (int c = 0; c < gradient.chunks(); c++) {
            SequenceBatch b = gradient.batch(c);
            for (int i = 0; i < b.inputs().length; i++) {
                b.inputs()[i] = (float) r.nextGaussian();
            }
            for (int i = b.burnIn() * b.batchSize(); i < b.targets().length; i++) {
                b.targets()[i] = (float) r.nextGaussian();
            }
        }
        params = net.initialParameters(1);
        weights = new NetworkWeights(net, params, true);
        grad = new float[net.parameterCount()];
        adam = new Adam(net.parameterCount());
    }

    @TearDown
    public void tearDown() {
        gradient.close();
    }

    @Benchmark
    public double trainStep() {
        double loss = gradient.compute(weights, grad, null);
        GradientClipping.clipByGlobalNorm(grad, 1.0);
        adam.step(params, grad, 1e-3);
        weights.refresh();
        return loss;
    }
}
