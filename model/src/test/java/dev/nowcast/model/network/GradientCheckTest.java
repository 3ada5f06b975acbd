package dev.nowcast.model.network;

import dev.nowcast.model.cell.CellType;
import dev.nowcast.model.head.CategoricalHead;
import dev.nowcast.model.head.GaussianHead;
import dev.nowcast.model.head.Head;
import dev.nowcast.model.head.PointHead;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finite-difference checks of every analytic gradient {@link Bptt} computes, for every parameter of small
 * networks covering each cell, each head, stacked and bidirectional layers and truncated BPTT.
 *
 * <p>The forward pass is float, so the difference quotient is the fourth-order central stencil
 * {@code (8(L(p+e) - L(p-e)) - (L(p+2e) - L(p-2e))) / 12e} with {@code e = 1e-2}: its truncation error is
 * O(e^4) and float rounding of the loss (about 1e-6 per evaluation) contributes about {@code 2e-6/e} absolute;
 * the tolerance is 1% relative plus that floor, while a missing or wrong term in a gradient is off by the size of the term
 * itself. Unidirectional networks are differentiated against an independent loss computed with the streaming
 * step ({@link RecurrentNetwork#step}), whose burn-in uses fixed parameters: exactly what truncated BPTT
 * differentiates.
 */
class GradientCheckTest {
    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("elman tanh, gaussian", CellType.ELMAN_TANH, 1, false, new GaussianHead(0.05), 2),
                Arguments.of("elman relu, point", CellType.ELMAN_RELU, 1, false, new PointHead(), 0),
                Arguments.of("gru, gaussian, burn-in", CellType.GRU, 1, false, new GaussianHead(0.05), 3),
                Arguments.of("lstm, gaussian, burn-in", CellType.LSTM, 1, false, new GaussianHead(0.05), 3),
                Arguments.of("lstm, point", CellType.LSTM, 1, false, new PointHead(), 0),
                Arguments.of("gru, categorical", CellType.GRU, 1, false, new CategoricalHead(3), 0),
                Arguments.of("lstm 3 layers, gaussian", CellType.LSTM, 3, false, new GaussianHead(0.05), 2),
                Arguments.of("gru 2 layers, point", CellType.GRU, 2, false, new PointHead(), 1),
                Arguments.of("elman tanh 2 layers, categorical", CellType.ELMAN_TANH, 2, false, new CategoricalHead(4), 0),
                Arguments.of("lstm bidirectional 2 layers, gaussian", CellType.LSTM, 2, true, new GaussianHead(0.05), 0),
                Arguments.of("gru bidirectional, categorical", CellType.GRU, 1, true, new CategoricalHead(3), 0),
                Arguments.of("elman relu bidirectional 2 layers, point", CellType.ELMAN_RELU, 2, true, new PointHead(), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void analyticGradientMatchesFiniteDifferences(String name, CellType type, int layers, boolean bidirectional,
                                                  Head head, int burnIn) {
        int in = 3;
        int hidden = 4;
        int rows = 3;
        int steps = 6;
        RecurrentNetwork net = new RecurrentNetwork(type, in, hidden, layers, bidirectional, head);
        float[] params = net.initialParameters(7);
        SequenceBatch batch = new SequenceBatch(rows, steps, in, burnIn);
        SplittableRandom random = new SplittableRandom(11);
        for (int k = 0; k < batch.inputs().length; k++) {
            batch.inputs()[k] = (float) random.nextDouble(-1.5, 1.5);
        }
        for (int t = 0; t < steps; t++) {
            for (int r = 0; r < rows; r++) {
                float y;
                if (head instanceof CategoricalHead c) {
                    y = t == steps - 1 ? random.nextInt(c.classes()) : Float.NaN;
                } else {
                    y = (t + r) % 4 == 3 ? Float.NaN : (float) random.nextDouble(-1, 1);
                }
                batch.targets()[t * rows + r] = y;
            }
        }
        Bptt bptt = new Bptt(net, rows, steps);
        float[] grad = new float[net.parameterCount()];
        double loss = bptt.lossAndGradient(new NetworkWeights(net, params, true), batch, grad);
        assertThat(bptt.lastLossCount()).isEqualTo(batch.lossCount()).isPositive();
        assertThat(loss).isFinite();

        // ReLU kinks: a smaller step keeps the stencil on one side of them.
        float e = type == CellType.ELMAN_RELU ? 2e-3f : 1e-2f;
        float[] reference = params.clone();
        double worst = 0;
        int checked = 0;
        for (int p = 0; p < params.length; p++) {
            float original = params[p];
            double[] l = new double[4];
            float[] deltas = {2 * e, e, -e, -2 * e};
            for (int k = 0; k < 4; k++) {
                params[p] = original + deltas[k];
                l[k] = bidirectional ? bptt.loss(new NetworkWeights(net, params, false), batch)
                        : truncatedLoss(net, reference, params, batch);
            }
            params[p] = original;
            double numeric = (8 * (l[1] - l[2]) - (l[0] - l[3])) / (12 * e);
            // Float rounding makes each loss evaluation noisy by about 1e-6; through the stencil that is about
            // 2e-6/e absolute, hence the floor.
            double allowed = 1e-2 * Math.max(Math.abs(numeric), Math.abs(grad[p])) + 2e-6 / e;
            double error = Math.abs(numeric - grad[p]) / allowed;
            assertThat(error).as("%s: parameter %d (%s) analytic %s numeric %s", name, p, specOf(net, p), grad[p], numeric)
                    .isLessThan(1);
            worst = Math.max(worst, error);
            checked += grad[p] != 0 ? 1 : 0;
        }
        // A truncated window leaves no parameter untouched; all of them must have been exercised.
        assertThat(checked).as("parameters with a non-zero gradient").isGreaterThan(params.length * 3 / 4);
    }

    /**
     * The loss that truncated BPTT differentiates, computed independently with the streaming step: the burn-in
     * runs with the fixed {@code reference} parameters (the window's initial state is a constant), the window
     * with {@code params}.
     */
    private static double truncatedLoss(RecurrentNetwork net, float[] reference, float[] params, SequenceBatch batch) {
        double loss = 0;
        var scratch = net.newScratch();
        NetworkWeights fixed = new NetworkWeights(net, reference, false);
        NetworkWeights varied = new NetworkWeights(net, params, false);
        float[] out = new float[net.head().outputSize()];
        float[] dOut = new float[out.length];
        int rows = batch.batchSize();
        for (int r = 0; r < rows; r++) {
            float[][] state = new float[net.layers()][net.stateSize()];
            for (int t = 0; t < batch.steps(); t++) {
                NetworkWeights w = t < batch.burnIn() ? fixed : varied;
                net.step(w, batch.inputs(), batch.inputOffset(t, r), state, scratch);
                float y = batch.targets()[t * rows + r];
                if (t >= batch.burnIn() && !Float.isNaN(y)) {
                    net.headOutput(w.parameters(), state[net.layers() - 1], 0, out, 0);
                    loss += net.head().lossAndGradient(out, 0, y, dOut, 0);
                }
            }
        }
        return loss;
    }

    private static String specOf(RecurrentNetwork net, int p) {
        ParameterSpec found = null;
        for (ParameterSpec s : net.parameters()) {
            if (s.offset() <= p) {
                found = s;
            }
        }
        return found == null ? "?" : found.name() + "+" + (p - found.offset());
    }
}
