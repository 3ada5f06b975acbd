package dev.nowcast.model.train;

import dev.nowcast.model.network.Bptt;
import dev.nowcast.model.network.NetworkWeights;
import dev.nowcast.model.network.RecurrentNetwork;
import dev.nowcast.model.network.SequenceBatch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The gradient of one minibatch, computed in fixed chunks on a thread pool: the batch is cut into
 * {@code batchSize / chunkSize} chunks, each with its own {@link SequenceBatch}, {@link Bptt} workspace and
 * gradient buffer; chunk gradients are then added in chunk order and divided by the number of targets. The
 * result is therefore the same bits whatever the number of threads. Reuses its buffers (no allocation per
 * batch beyond the task objects); not thread-safe; close it to stop its threads.
 */
public final class ParallelGradient implements AutoCloseable {
    /** Fills chunk {@code chunk}'s batch; called on a worker thread, once per chunk per {@link #compute}. */
    @FunctionalInterface
    public interface ChunkFiller {
        void fill(int chunk, SequenceBatch batch);
    }

    private final RecurrentNetwork net;
    private final SequenceBatch[] batches;
    private final Bptt[] workspaces;
    private final float[][] grads;
    private final double[] losses;
    private final int[] counts;
    private final ExecutorService pool;
    private int lastCount;

    /**
     * @param steps  steps per sequence (burn-in included)
     * @param burnIn leading steps without loss or gradient
     */
    public ParallelGradient(RecurrentNetwork net, int batchSize, int chunkSize, int steps, int burnIn, int threads) {
        if (chunkSize < 1 || batchSize % chunkSize != 0) {
            throw new IllegalArgumentException("batchSize " + batchSize + " must be a multiple of chunkSize "
                    + chunkSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.net = net;
        int chunks = batchSize / chunkSize;
        batches = new SequenceBatch[chunks];
        workspaces = new Bptt[chunks];
        grads = new float[chunks][net.parameterCount()];
        losses = new double[chunks];
        counts = new int[chunks];
        for (int c = 0; c < chunks; c++) {
            batches[c] = new SequenceBatch(chunkSize, steps, net.inputSize(), burnIn);
            workspaces[c] = new Bptt(net, chunkSize, steps);
        }
        pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "nowcast-gradient");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    public int chunks() {
        return batches.length;
    }

    /** The batch of chunk {@code c} (live; fill it directly or through a {@link ChunkFiller}). */
    public SequenceBatch batch(int c) {
        return batches[c];
    }

    /** Number of targets in the last {@link #compute}. */
    public int lastCount() {
        return lastCount;
    }

    /**
     * Fills every chunk (when {@code filler} is not null) and writes the mean gradient over all targets of the
     * batch into {@code grad} (overwritten; zero when there is no target).
     *
     * @param weights the current weights, with transposed rows
     *
     * @return the summed loss over all targets
     */
    public double compute(NetworkWeights weights, float[] grad, ChunkFiller filler) {
        List<Callable<Void>> tasks = new ArrayList<>(batches.length);
        for (int c = 0; c < batches.length; c++) {
            int chunk = c;
            tasks.add(() -> {
                if (filler != null) {
                    filler.fill(chunk, batches[chunk]);
                }
                Arrays.fill(grads[chunk], 0f);
                losses[chunk] = workspaces[chunk].lossAndGradient(weights, batches[chunk], grads[chunk]);
                counts[chunk] = workspaces[chunk].lastLossCount();
                return null;
            });
        }
        run(tasks);
        System.arraycopy(grads[0], 0, grad, 0, grad.length);
        int count = counts[0];
        double loss = losses[0];
        for (int c = 1; c < batches.length; c++) {
            float[] g = grads[c];
            for (int i = 0; i < grad.length; i++) {
                grad[i] += g[i];
            }
            count += counts[c];
            loss += losses[c];
        }
        if (count > 0) {
            float inv = 1f / count;
            for (int i = 0; i < grad.length; i++) {
                grad[i] *= inv;
            }
        }
        lastCount = count;
        return loss;
    }

    private void run(List<Callable<Void>> tasks) {
        try {
            if (pool == null) {
                for (Callable<Void> t : tasks) {
                    t.call();
                }
                return;
            }
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("gradient computation interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("gradient computation failed", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("gradient computation failed", e);
        }
    }

    /** The network whose gradient this computes. */
    public RecurrentNetwork network() {
        return net;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
